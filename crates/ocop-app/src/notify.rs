//! Thông báo — who is told about each step of a dossier, and the worker that
//! sends the queued emails through SMTP when one is configured.

use crate::Clock;
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};
use ocop_domain::dossier::DossierAction;
use ocop_store::cycle::DossierRow;
use ocop_store::notifications::Tell;
use ocop_store::{Store, StoreError};

/// Where to send mail: `smtp://host:port` (a relay on the province's network)
/// and the sender's address.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub from: String,
}

impl MailSettings {
    pub fn parse(url: &str, from: &str) -> Result<Self, String> {
        let rest = url
            .strip_prefix("smtp://")
            .ok_or_else(|| format!("địa chỉ máy chủ thư \"{url}\" phải có dạng smtp://máy:cổng"))?;
        let (host, port) = rest
            .trim_end_matches('/')
            .rsplit_once(':')
            .unwrap_or((rest, "25"));
        let port = port
            .parse()
            .map_err(|_| format!("cổng máy chủ thư \"{port}\" không hợp lệ"))?;
        if host.is_empty() || !from.contains('@') {
            return Err("cần OCOP_SMTP_URL=smtp://máy:cổng và OCOP_MAIL_FROM=địa chỉ gửi".into());
        }
        Ok(Self {
            host: host.to_owned(),
            port,
            from: from.to_owned(),
        })
    }
}

/// Who is told about a step, and what (in the application, and by email
/// for those with an address). Made before the step and written in the
/// step's own transaction (see [`ocop_store::notifications::Tell`]): a step
/// whose notices cannot be written is not taken.
pub async fn step_notice(
    store: &Store,
    d: &DossierRow,
    action: DossierAction,
    actor: &str,
    comment: Option<&str>,
) -> Result<Option<Tell>, StoreError> {
    let link = format!("/quan-tri/ho-so/{}", d.id);
    let producers = || store.usernames_with("producer", None, Some(d.producer_id));
    let commune = || {
        store.usernames_with(
            "commune",
            d.commune_code_2025.as_deref().or(Some("-")),
            None,
        )
    };
    let office = || store.usernames_with("office", None, None);
    let to: Vec<String> = match action {
        DossierAction::Submit | DossierAction::Resubmit => commune().await?,
        DossierAction::Return => producers().await?,
        DossierAction::PreAssess | DossierAction::Review => office().await?,
        DossierAction::OpenCouncil | DossierAction::ReopenScoring => store
            .council_members(d.round_id)
            .await?
            .into_iter()
            .map(|(u, _)| u)
            .collect(),
        DossierAction::Recognise | DossierAction::Reject => {
            let mut to = producers().await?;
            to.extend(commune().await?);
            to
        }
        DossierAction::CloseScoring | DossierAction::Withdraw => Vec::new(),
    };
    if to.is_empty() {
        return Ok(None);
    }
    let subject = format!("Hồ sơ OCOP «{}»: {}", d.product_name, action.label_vi());
    let body = format!(
        "Hồ sơ OCOP của sản phẩm «{}» vừa được {} bởi {}.{}\n\nXem hồ sơ: {link}",
        d.product_name,
        action.label_vi(),
        who_acted(store, actor).await,
        comment
            .map(|c| format!("\nÝ kiến: {c}"))
            .unwrap_or_default()
    );
    Ok(Some(Tell {
        to,
        subject,
        body,
        link: Some(link),
    }))
}

/// "Nguyễn Văn A (Văn phòng OCOP tỉnh)": who took the step, as the people
/// told about it know them; the username when the account is gone.
async fn who_acted(store: &Store, actor: &str) -> String {
    match store.person(actor).await {
        Ok(Some(p)) => {
            let role = p.role.label_vi();
            format!("{} ({role})", p.full_name)
        }
        _ => actor.to_owned(),
    }
}

/// Sends the emails that are due; returns how many went out. Safe to run on
/// several instances at once: each email is claimed before it is sent.
pub async fn deliver_due(
    store: &Store,
    clock: &dyn Clock,
    mail: &MailSettings,
) -> Result<usize, StoreError> {
    let now = clock.now();
    let stamp =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let batch = store
        .claim_mail(&stamp(now), &stamp(now + chrono::Duration::minutes(5)), 20)
        .await?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&mail.host)
        .port(mail.port)
        .build();
    let mut sent = 0;
    for m in batch {
        let message = match (mail.from.parse(), m.to_email.parse()) {
            (Ok(from), Ok(to)) => Message::builder()
                .from(from)
                .to(to)
                .subject(m.subject.clone())
                .body(m.body.clone()),
            _ => {
                store
                    .mail_failed(m.id, "địa chỉ thư không hợp lệ", "9999-12-31T00:00:00Z")
                    .await?;
                continue;
            }
        };
        let outcome = match message {
            Ok(msg) => transport
                .send(msg)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match outcome {
            Ok(()) => {
                store.mail_sent(m.id, &stamp(now)).await?;
                sent += 1;
            }
            Err(e) => {
                // Back off: 1, 2, 4 … minutes, at most a day.
                let wait = chrono::Duration::minutes(1i64 << m.attempts.clamp(0, 10))
                    .min(chrono::Duration::days(1));
                tracing::warn!(mail = m.id, error = %e, "email not sent; will retry");
                store.mail_failed(m.id, &e, &stamp(now + wait)).await?;
            }
        }
    }
    Ok(sent)
}

/// Tells the producer where its 5★ path stands after a ministry step.
pub async fn after_national(
    store: &Store,
    clock: &dyn Clock,
    d: &DossierRow,
    state: ocop_domain::national::NationalState,
) {
    let link = format!("/quan-tri/ho-so/{}", d.id);
    let subject = format!("Sản phẩm OCOP «{}»: đánh giá 5 sao", d.product_name);
    let result = match store
        .usernames_with("producer", None, Some(d.producer_id))
        .await
    {
        Ok(users) if !users.is_empty() => store
            .notify(
                &users,
                &subject,
                state.label_vi(),
                Some(&link),
                &clock.stamp(),
            )
            .await
            .map(|_| ()),
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    };
    if let Err(e) = result {
        tracing::warn!(dossier = d.id, error = %e, "notification not recorded");
    }
}
