//! `ocop serve`: check, migrate, load what is missing, then serve until a
//! shutdown signal, finishing requests in flight.

use crate::cli::ServeArgs;
use crate::settings::Settings;
use anyhow::Context as _;
use ocop_app::{Clock as _, OsEntropy, SystemClock};
use std::sync::Arc;

pub async fn run(settings: Settings, args: ServeArgs) -> anyhow::Result<()> {
    println!(
        "ocop {} · {settings} · địa chỉ: {}",
        env!("CARGO_PKG_VERSION"),
        args.addr
    );
    // The port first: a clash is the commonest start-up fault, and nothing
    // should be touched when the server cannot serve anyway.
    let listener = bind(&args.addr).await?;
    let mail = match args.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(url) => Some(
            ocop_app::notify::MailSettings::parse(url.trim(), args.mail_from.trim())
                .map_err(anyhow::Error::msg)
                .context("OCOP_SMTP_URL / OCOP_MAIL_FROM")?,
        ),
        None => None,
    };
    let _lock = if settings.uses_sqlite() {
        ocop_app::datadir::ensure_writable(&settings.data_dir)?;
        Some(ocop_app::datadir::DataDirLock::acquire(&settings.data_dir)?)
    } else {
        None
    };
    let store = crate::commands::open(&settings).await?;
    let clock = SystemClock;
    // Instances starting together on one empty database take turns: the
    // first migrates and loads, the others find it done.
    let startup = store.startup_lock().await?;
    store.migrate(&clock.stamp()).await?;
    let report = ocop_app::seed::load_missing(&store, &clock, &settings.province).await?;
    for (dataset, rows) in &report.loaded {
        println!("đã nạp dữ liệu {dataset}: {rows} dòng");
    }
    if store
        .admin_unit(ocop_domain::UnitScheme::Y2025, &settings.province.code)
        .await?
        .is_none()
    {
        anyhow::bail!(
            "mã tỉnh {} không có trong danh mục đơn vị hành chính 2025 — sửa OCOP_PROVINCE",
            settings.province.code
        );
    }
    if let Some(password) =
        ocop_app::accounts::ensure_first_admin(&store, &clock, &OsEntropy, &settings.province.code)
            .await?
    {
        println!("đã tạo tài khoản quản trị \"admin\"; mật khẩu (chỉ hiện một lần): {password}");
    }
    startup.release().await?;
    let mut rounds = crate::schedule::Scheduler::new();
    {
        // Expiry reminders: hourly, on every instance; each reminder is
        // claimed in the database, so it goes out once.
        let store = store.clone();
        let province = settings.province.code.clone();
        rounds.every(
            "reminders",
            std::time::Duration::from_secs(3600),
            move || {
                let (store, province) = (store.clone(), province.clone());
                async move {
                    match ocop_app::reminders::run(&store, &SystemClock, &province).await {
                        Ok(r) if r.certificates + r.documents > 0 => {
                            tracing::info!(
                                certificates = r.certificates,
                                documents = r.documents,
                                "expiry reminders sent"
                            );
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "expiry reminder round failed"),
                    }
                    if let Err(e) = ocop_app::budget::prune(&store, &SystemClock).await {
                        tracing::warn!(error = %e, "pruning request budgets failed");
                    }
                }
            },
        );
    }
    {
        // Imports: a job left by an instance that stopped is taken over
        // when its lease runs out.
        let store = store.clone();
        rounds.every("imports", std::time::Duration::from_secs(2), move || {
            let store = store.clone();
            async move {
                if let Err(e) = ocop_app::import::work_once(&store, &SystemClock).await {
                    tracing::warn!(error = %e, "import worker round failed");
                }
            }
        });
    }
    if let Some(mail) = mail {
        println!("gửi thư qua {}:{} từ {}", mail.host, mail.port, mail.from);
        let store = store.clone();
        // The outbox is shared: any number of instances may run this round.
        rounds.every("mail", std::time::Duration::from_secs(10), move || {
            let (store, mail) = (store.clone(), mail.clone());
            async move {
                if let Err(e) = ocop_app::notify::deliver_due(&store, &SystemClock, &mail).await {
                    tracing::warn!(error = %e, "mail delivery round failed");
                }
            }
        });
    }
    let local = listener
        .local_addr()
        .context("không đọc được địa chỉ đang nghe")?;
    let origin = args
        .public_url
        .clone()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| format!("http://{local}"));
    if !(origin.starts_with("http://") || origin.starts_with("https://")) {
        anyhow::bail!(
            "OCOP_PUBLIC_URL phải bắt đầu bằng http:// hoặc https:// (đang là \"{origin}\")"
        );
    }
    let proxies = ocop_web::client::TrustedProxies::parse(&args.trusted_proxies)
        .map_err(anyhow::Error::msg)
        .context("OCOP_TRUSTED_PROXIES")?;
    let state = ocop_web::AppState::new(store.clone(), Arc::new(clock), settings.province.clone())
        .with_public_origin(origin.trim())
        .with_trusted_proxies(proxies)
        // A change made on another instance shows here within half a second.
        .with_freshness(std::time::Duration::from_millis(500));
    {
        // Scan counts are added up in memory and written every two seconds.
        let state = state.clone();
        rounds.every("scan counts", std::time::Duration::from_secs(2), move || {
            let state = state.clone();
            async move {
                if let Err(e) = state.scans.flush(&state.store).await {
                    tracing::warn!(error = %e, "writing scan counts failed; kept for the next round");
                }
            }
        });
    }
    println!("sẵn sàng: http://{local}");
    let scans = state.scans.clone();
    let limits = ocop_web::server::ServerLimits {
        max_connections: args.max_connections.max(16),
        ..ocop_web::server::ServerLimits::default()
    };
    ocop_web::server::serve(listener, ocop_web::app(state), limits, shutdown_signal()).await;
    // No round starts again; one under way finishes first.
    rounds.stop().await;
    // The last seconds of scan counts, before the pool closes.
    if let Err(e) = scans.flush(&store).await {
        tracing::warn!(error = %e, "writing the last scan counts failed");
    }
    store.close().await;
    println!("đã dừng");
    Ok(())
}

async fn bind(addr: &str) -> anyhow::Result<tokio::net::TcpListener> {
    match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => anyhow::bail!(
            "cổng {addr} đang được chương trình khác dùng — dừng chương trình đó hoặc đặt OCOP_ADDR khác (address in use)"
        ),
        Err(e) => {
            Err(e).with_context(|| format!("không mở được địa chỉ {addr} — kiểm tra OCOP_ADDR"))
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutdown signal received; finishing requests in flight");
}
