//! Accounts with their scope, and the demo accounts for trying a round.

use anyhow::Context as _;
use ocop_app::accounts::{self, AccountRequest};
use ocop_app::{OsEntropy, SystemClock};
use ocop_store::Store;

/// Where an account may act.
#[derive(Debug, Default)]
pub struct Scope {
    pub commune: Option<String>,
    pub district: Option<String>,
    pub agency: Option<String>,
    /// A producer's slug.
    pub producer: Option<String>,
}

/// Creates the account, then sets its scope; a scope that does not exist is
/// refused before anything is written.
pub async fn create_scoped(
    store: &Store,
    req: &AccountRequest,
    password: Option<String>,
    scope: &Scope,
) -> anyhow::Result<String> {
    use ocop_domain::UnitScheme;
    if let Some(c) = &scope.commune {
        let unit = store.admin_unit(UnitScheme::Y2025, c).await?;
        anyhow::ensure!(
            unit.is_some_and(|u| u.level == "commune" && u.province_code == req.province_code),
            "mã xã {c} không phải một xã, phường của tỉnh {} theo danh mục 2025",
            req.province_code
        );
    }
    if let Some(d) = &scope.district {
        let unit = store.admin_unit(UnitScheme::Pre2025, d).await?;
        anyhow::ensure!(
            unit.is_some_and(|u| u.level == "district"),
            "mã huyện {d} không có trong danh mục trước 2025"
        );
    }
    if let Some(a) = &scope.agency {
        let known = store
            .group_leads(&req.province_code)
            .await?
            .iter()
            .any(|l| &l.agency_code == a)
            || ocop_domain::Agency::ALL.iter().any(|x| x.code() == a);
        anyhow::ensure!(
            known,
            "mã sở, ngành \"{a}\" không có; dùng NNMT, CT, YT, VHTTDL hoặc KHCN"
        );
    }
    let producer_id = match &scope.producer {
        Some(slug) => Some(
            store
                .producer_facts(&req.province_code, slug)
                .await?
                .with_context(|| {
                    format!("không có chủ thể \"{slug}\" ở tỉnh {}", req.province_code)
                })?
                .id,
        ),
        None => None,
    };
    let pw =
        accounts::create_account(store, &SystemClock, &OsEntropy, req, password, "cli").await?;
    store
        .set_user_scope(
            &req.username,
            scope.commune.as_deref(),
            scope.district.as_deref(),
            scope.agency.as_deref(),
            producer_id,
        )
        .await?;
    Ok(pw)
}

/// One account per role, scoped on the demo data (Xã Thuận An, Đắk Mil).
pub async fn demo_accounts(store: &Store, province: &str) -> anyhow::Result<()> {
    let demo: [(&str, &str, &str, Scope); 8] = [
        (
            "demo-quan-tri",
            "admin",
            "Quản trị (thử nghiệm)",
            Scope::default(),
        ),
        (
            "demo-van-phong",
            "office",
            "Văn phòng OCOP tỉnh (thử nghiệm)",
            Scope::default(),
        ),
        (
            "demo-so-nnmt",
            "department",
            "Sở Nông nghiệp và Môi trường (thử nghiệm)",
            Scope {
                agency: Some("NNMT".into()),
                ..Scope::default()
            },
        ),
        (
            "demo-xa-thuan-an",
            "commune",
            "UBND xã Thuận An (thử nghiệm)",
            Scope {
                commune: Some("24682".into()),
                ..Scope::default()
            },
        ),
        (
            "demo-hoi-dong-1",
            "council",
            "Thành viên hội đồng 1 (thử nghiệm)",
            Scope::default(),
        ),
        (
            "demo-hoi-dong-2",
            "council",
            "Thành viên hội đồng 2 (thử nghiệm)",
            Scope::default(),
        ),
        (
            "demo-to-tu-van",
            "advisory",
            "Tổ tư vấn (thử nghiệm)",
            Scope::default(),
        ),
        (
            "demo-chu-the",
            "producer",
            "HTX Nông nghiệp Công Bằng Thuận An (thử nghiệm)",
            Scope {
                producer: Some("htx-nong-nghiep-cong-bang-thuan-an".into()),
                ..Scope::default()
            },
        ),
    ];
    println!("tài khoản thử nghiệm (mật khẩu chỉ hiện một lần):");
    for (username, role, name, scope) in demo {
        let req = AccountRequest {
            username: username.into(),
            display_name: name.into(),
            role: role.into(),
            province_code: province.into(),
        };
        match create_scoped(store, &req, None, &scope).await {
            Ok(pw) => println!("{username}\t{role}\t{pw}"),
            Err(e)
                if matches!(
                    e.downcast_ref::<accounts::AccountError>(),
                    Some(accounts::AccountError::Taken(_))
                ) =>
            {
                println!("{username}\t{role}\t(đã có, giữ nguyên mật khẩu)")
            }
            Err(e) => return Err(e),
        }
    }
    // Council members are named with a position in the minutes; the demo
    // sets one where none is recorded yet.
    let people = store.people().await?;
    for (username, position) in [
        (
            "demo-hoi-dong-1",
            "Phó Giám đốc Sở Nông nghiệp và Môi trường (thử nghiệm)",
        ),
        (
            "demo-hoi-dong-2",
            "Trưởng phòng Kinh tế hợp tác và Phát triển nông thôn (thử nghiệm)",
        ),
    ] {
        if people.get(username).is_some_and(|p| p.position.is_none()) {
            accounts::set_position(store, &SystemClock, "cli", username, position).await?;
        }
    }
    Ok(())
}
