//! The subcommands other than `serve`.

use crate::cli::{AgencyCommand, Cli, Command, ProcedureCommand, ServeArgs, UserCommand};
use crate::settings::Settings;
use anyhow::Context as _;
use ocop_app::accounts::AccountRequest;
use ocop_app::{Clock as _, SystemClock};
use ocop_store::Store;
use std::io::Read as _;

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    // Needs neither settings nor a database: it runs anywhere, offline.
    if let Some(Command::VerifyCertificate { public_key, sealed }) = &cli.command {
        let c = ocop_app::seal::verify(public_key, sealed)?;
        println!(
            "chữ ký hợp lệ: giấy chứng nhận số {}, {} sao, sản phẩm {}, chủ thể {}, cấp {}, hiệu lực đến {}, {}",
            c.number, c.stars, c.product, c.producer, c.issued_on, c.valid_until, c.province
        );
        return Ok(());
    }
    let settings = Settings::from_args(&cli.global)?;
    match cli.command {
        None => {
            let args = ServeArgs {
                addr: default_addr(),
                public_url: std::env::var("OCOP_PUBLIC_URL").ok(),
                smtp_url: std::env::var("OCOP_SMTP_URL").ok(),
                mail_from: std::env::var("OCOP_MAIL_FROM").unwrap_or_default(),
                trusted_proxies: std::env::var("OCOP_TRUSTED_PROXIES").unwrap_or_default(),
                max_connections: std::env::var("OCOP_MAX_CONNECTIONS")
                    .ok()
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(4096),
            };
            crate::serve::run(settings, args).await
        }
        Some(Command::Serve(args)) => crate::serve::run(settings, args).await,
        Some(Command::Migrate) => {
            let store = open(&settings).await?;
            let n = store.migrate(&SystemClock.stamp()).await?;
            println!(
                "đã áp dụng {n} bản chuyển đổi; phiên bản lược đồ {}",
                store.schema_version().await?
            );
            Ok(())
        }
        Some(Command::User(UserCommand::Add {
            username,
            role,
            name,
            password_stdin,
            commune,
            district,
            agency,
            producer,
            email,
        })) => {
            let store = open(&settings).await?;
            store.migrate(&SystemClock.stamp()).await?;
            let password = if password_stdin {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .context("không đọc được mật khẩu từ stdin")?;
                Some(s.trim_end_matches(['\r', '\n']).to_owned())
            } else {
                None
            };
            let generated = password.is_none();
            let req = AccountRequest {
                display_name: name.unwrap_or_else(|| username.clone()),
                username,
                role,
                province_code: settings.province.code.clone(),
            };
            let scope = crate::demo::Scope {
                commune,
                district,
                agency,
                producer,
            };
            if let Some(e) = &email {
                anyhow::ensure!(
                    e.contains('@') && !e.contains(char::is_whitespace),
                    "địa chỉ email \"{e}\" không hợp lệ"
                );
            }
            let pw = crate::demo::create_scoped(&store, &req, password, &scope).await?;
            store.set_email(&req.username, email.as_deref()).await?;
            println!("đã tạo tài khoản {} (vai trò {})", req.username, req.role);
            if generated {
                println!("mật khẩu (chỉ hiện một lần): {pw}");
            }
            Ok(())
        }
        // Answered above, before any settings were read.
        Some(Command::VerifyCertificate { .. }) => Ok(()),
        Some(Command::DemoAccounts) => {
            let store = open(&settings).await?;
            store.migrate(&SystemClock.stamp()).await?;
            ocop_app::seed::load_missing(&store, &SystemClock, &settings.province).await?;
            crate::demo::demo_accounts(&store, &settings.province.code).await
        }
        Some(Command::Criteria(cmd)) => {
            let store = open(&settings).await?;
            store.migrate(&SystemClock.stamp()).await?;
            crate::criteria_cmd::run(&store, cmd).await
        }
        Some(Command::Boundaries { file, field }) => {
            let bytes = std::fs::read(&file)
                .with_context(|| format!("không đọc được tệp {}", file.display()))?;
            let store = open(&settings).await?;
            store.migrate(&SystemClock.stamp()).await?;
            let actor = ocop_app::cycle::Actor {
                username: "cli".into(),
                role: ocop_domain::access::Role::Admin,
                province_code: settings.province.code.clone(),
                commune_code: None,
                producer_id: None,
                agency_code: None,
                district_code: None,
            };
            let name = file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let count = ocop_app::map::load_boundaries(
                &store,
                &SystemClock,
                &actor,
                (&name, &bytes),
                &field,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Đã nạp ranh giới của {count} xã, phường từ {name}.");
            Ok(())
        }
        Some(Command::Agency(cmd)) => {
            let store = open(&settings).await?;
            let province = &settings.province.code;
            if let AgencyCommand::Assign { group, agency } = &cmd {
                let group =
                    ocop_domain::ProductGroup::parse_code(group.trim()).with_context(|| {
                        format!(
                            "nhóm sản phẩm \"{group}\" không có; dùng I, II, III, IV, V hoặc VI"
                        )
                    })?;
                store
                    .assign_group_lead(
                        province,
                        group.code(),
                        agency.trim(),
                        "cli",
                        &SystemClock.stamp(),
                    )
                    .await?;
            }
            if let AgencyCommand::AssignSet { set, agency } = &cmd {
                let agency = Some(agency.trim()).filter(|a| *a != "-");
                store
                    .assign_set_lead(province, set.trim(), agency, "cli", &SystemClock.stamp())
                    .await?;
            }
            let leads = store.department_leads(province).await?;
            for (group, code, name) in &leads.by_group {
                println!("{group}\t{code}\t{name}");
            }
            for (set, code, name) in &leads.by_set {
                println!("{set}\t{code}\t{name}");
            }
            Ok(())
        }
        Some(Command::Procedure(cmd)) => {
            let store = open(&settings).await?;
            store.migrate(&SystemClock.stamp()).await?;
            if let ProcedureCommand::Verify { code, reference } = &cmd {
                let procedure = ocop_domain::ProcedureVersion::parse(code.trim())
                    .with_context(|| {
                        format!("quy trình \"{code}\" không có; dùng 1048/2019, 148/2023, 1489/2025 hoặc 26/2026")
                    })?;
                anyhow::ensure!(
                    !reference.trim().is_empty(),
                    "ghi nơi đã đọc văn bản gốc bằng --reference"
                );
                let added = store
                    .verify_procedure_text(
                        procedure.code(),
                        reference.trim(),
                        "cli",
                        &SystemClock.stamp(),
                    )
                    .await?;
                if !added {
                    println!("quy trình {} đã được xác nhận trước đó", procedure.code());
                }
            }
            let verified = ocop_app::rounds::verified_procedures(&store).await?;
            let today = SystemClock.today();
            for p in ocop_domain::ProcedureVersion::ALL {
                let stages: Vec<&str> = p.stages().iter().map(|s| s.stage.label_vi()).collect();
                println!(
                    "{}\t{} → {}\t{}\t{}\t{}",
                    p.code(),
                    p.in_force_from(),
                    p.in_force_until()
                        .map_or_else(|| "nay".to_owned(), |d| d.to_string()),
                    if p.applies_on(today, &verified) {
                        "đang áp dụng"
                    } else {
                        "không áp dụng hôm nay"
                    },
                    p.decision(),
                    stages.join(" → ")
                );
            }
            Ok(())
        }
        Some(Command::Backup { target }) => {
            let store = open(&settings).await?;
            let stamp = SystemClock.now().format("%Y%m%d-%H%M%S").to_string();
            let target = target.unwrap_or_else(|| {
                settings
                    .data_dir
                    .join("backups")
                    .join(format!("ocop-{stamp}.db"))
            });
            ocop_app::backup::backup(&store, &target).await?;
            println!("đã sao lưu vào {}", target.display());
            Ok(())
        }
        Some(Command::Restore { from }) => {
            let db = settings.sqlite_path()?;
            let stamp = SystemClock.now().format("%Y%m%d-%H%M%S").to_string();
            let kept = ocop_app::backup::restore(&from, &db, &settings.data_dir, &stamp).await?;
            println!(
                "đã khôi phục {} từ {}; bản trước đó được giữ ở {}",
                db.display(),
                from.display(),
                kept.display()
            );
            Ok(())
        }
    }
}

fn default_addr() -> String {
    std::env::var("OCOP_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_owned())
}

/// Opens the configured database after checking the data folder, with a hint
/// on what to do when it fails.
pub async fn open(settings: &Settings) -> anyhow::Result<Store> {
    if settings.uses_sqlite() {
        ocop_app::datadir::ensure_writable(&settings.data_dir)?;
    }
    Store::connect(&settings.database).await.map_err(|e| {
        let hint = match (&e, settings.uses_sqlite()) {
            (ocop_store::StoreError::Corrupt(_), _) => {
                "tệp không bị thay đổi; khôi phục từ bản sao lưu bằng `ocop restore <tệp>` (the file was left untouched)"
            }
            (_, false) => "kiểm tra máy chủ PostgreSQL đang chạy và OCOP_DATABASE_URL đúng (check the server and the URL)",
            (_, true) => "kiểm tra đường dẫn và quyền ghi của tệp cơ sở dữ liệu",
        };
        anyhow::anyhow!("{e} — {hint}")
    })
}
