//! Notifications and the email outbox.

use crate::{Backend, Result, Store};
use sqlx::Row as _;

/// An in-application notice.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Notice {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub read: bool,
}

/// Who is told of a change, and what: written in the same transaction as
/// the change, so a step is never taken without its notices (nor a notice
/// sent for a step that did not happen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tell {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
}

/// Writes `tell`'s notices (and queued emails) on an open transaction.
pub(crate) async fn tell_in(
    tx: &mut sqlx::AnyConnection,
    tell: Option<&Tell>,
    now: &str,
) -> Result<()> {
    if let Some(t) = tell.filter(|t| !t.to.is_empty()) {
        let m = Message {
            subject: &t.subject,
            body: &t.body,
            link: t.link.as_deref(),
        };
        notify_in(tx, &t.to, &m, now).await?;
    }
    Ok(())
}

/// An email due for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub id: i64,
    pub to_email: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

impl Store {
    /// Notifies accounts in the application, and queues an email for each
    /// that has an address — in one transaction.
    pub async fn notify(
        &self,
        usernames: &[String],
        subject: &str,
        body: &str,
        link: Option<&str>,
        now: &str,
    ) -> Result<usize> {
        let mut tx = self.pool().begin().await?;
        let message = Message {
            subject,
            body,
            link,
        };
        let queued = notify_in(&mut tx, usernames, &message, now).await?;
        tx.commit().await?;
        Ok(queued)
    }

    /// The reminders sent so far, as (kind, subject id, months): a run
    /// skips these before looking up whom to tell, so an hourly run over a
    /// province's thousands of certificates asks one query, not five per
    /// certificate it reminded of before.
    pub async fn reminders_sent(&self) -> Result<std::collections::HashSet<(String, i64, i64)>> {
        let rows = sqlx::query("SELECT kind, subject_id, months FROM reminders")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("kind")?,
                    r.try_get("subject_id")?,
                    r.try_get("months")?,
                ))
            })
            .collect()
    }

    /// A reminder (`kind` of thing, its id, the months before it lapses),
    /// sent once: the row that records it and the notifications are written
    /// in one transaction, and a second instance's attempt finds the row and
    /// writes nothing. True when this call sent it.
    pub async fn remind_once(
        &self,
        kind: &str,
        subject_id: i64,
        months: i64,
        usernames: &[String],
        message: &Message<'_>,
        now: &str,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let claimed = sqlx::query(
            "INSERT INTO reminders (kind, subject_id, months, sent_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(kind.to_owned())
        .bind(subject_id)
        .bind(months)
        .bind(now.to_owned())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if claimed {
            notify_in(&mut tx, usernames, message, now).await?;
        }
        tx.commit().await?;
        Ok(claimed)
    }
}

/// What a notification says.
pub struct Message<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    pub link: Option<&'a str>,
}

async fn notify_in(
    tx: &mut sqlx::AnyConnection,
    usernames: &[String],
    m: &Message<'_>,
    now: &str,
) -> Result<usize> {
    let (subject, body, link) = (m.subject, m.body, m.link);
    let mut queued = 0;
    for u in usernames {
        sqlx::query("INSERT INTO notifications (username, at, subject, body, link) VALUES ($1, $2, $3, $4, $5)")
            .bind(u.clone())
            .bind(now.to_owned())
            .bind(subject.to_owned())
            .bind(body.to_owned())
            .bind(link.map(str::to_owned))
            .execute(&mut *tx)
            .await?;
        let email: Option<String> =
            sqlx::query_scalar("SELECT email FROM users WHERE username = $1")
                .bind(u.clone())
                .fetch_optional(&mut *tx)
                .await?
                .flatten();
        if let Some(email) = email.filter(|e| !e.is_empty()) {
            sqlx::query("INSERT INTO outbox (to_email, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)")
                .bind(email)
                .bind(subject.to_owned())
                .bind(body.to_owned())
                .bind(now.to_owned())
                .execute(&mut *tx)
                .await?;
            queued += 1;
        }
    }
    Ok(queued)
}

impl Store {
    pub async fn notices(&self, username: &str, limit: i64) -> Result<Vec<Notice>> {
        let rows = sqlx::query(
            "SELECT id, at, subject, body, link, read_at FROM notifications WHERE username = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(username.to_owned())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Notice {
                    id: r.try_get("id")?,
                    at: crate::dates::stamp(r.try_get("at")?)?,
                    subject: r.try_get("subject")?,
                    body: r.try_get("body")?,
                    link: r.try_get("link")?,
                    read: r.try_get::<Option<String>, _>("read_at")?.is_some(),
                })
            })
            .collect()
    }

    pub async fn unread_notices(&self, username: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT count(*) FROM notifications WHERE username = $1 AND read_at IS NULL",
        )
        .bind(username.to_owned())
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn mark_notices_read(&self, username: &str, now: &str) -> Result<()> {
        sqlx::query(
            "UPDATE notifications SET read_at = $2 WHERE username = $1 AND read_at IS NULL",
        )
        .bind(username.to_owned())
        .bind(now.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn set_email(&self, username: &str, email: Option<&str>) -> Result<u64> {
        Ok(
            sqlx::query("UPDATE users SET email = $2 WHERE username = $1")
                .bind(username.to_owned())
                .bind(email.map(str::to_owned))
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }

    /// Claims up to `limit` due emails until `claim_until`, so that another
    /// instance's worker does not send them too (PostgreSQL skips rows that
    /// another claim is locking; SQLite has a single writer).
    pub async fn claim_mail(
        &self,
        now: &str,
        claim_until: &str,
        limit: i64,
    ) -> Result<Vec<OutgoingMail>> {
        const DUE: &str = "sent_at IS NULL AND next_attempt_at <= $1 \
             AND (claimed_until IS NULL OR claimed_until < $1)";
        if !self.anything_due("outbox", DUE, now).await? {
            return Ok(Vec::new());
        }
        let skip = if self.backend() == Backend::Postgres {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let sql = format!(
            "UPDATE outbox SET claimed_until = $2 WHERE id IN (SELECT id FROM outbox WHERE {DUE} ORDER BY id LIMIT $3{skip}) \
             RETURNING id, to_email, subject, body, attempts"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now.to_owned())
            .bind(claim_until.to_owned())
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(OutgoingMail {
                    id: r.try_get("id")?,
                    to_email: r.try_get("to_email")?,
                    subject: r.try_get("subject")?,
                    body: r.try_get("body")?,
                    attempts: r.try_get("attempts")?,
                })
            })
            .collect()
    }

    pub async fn mail_sent(&self, id: i64, now: &str) -> Result<()> {
        sqlx::query("UPDATE outbox SET sent_at = $2, claimed_until = NULL WHERE id = $1")
            .bind(id)
            .bind(now.to_owned())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records a failure and when to try again.
    pub async fn mail_failed(&self, id: i64, error: &str, retry_at: &str) -> Result<()> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, claimed_until = NULL WHERE id = $1")
            .bind(id)
            .bind(error.to_owned())
            .bind(retry_at.to_owned())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// (to, subject, sent?) of every queued email, for checks.
    pub async fn outbox(&self) -> Result<Vec<(String, String, bool)>> {
        let rows: Vec<(String, String, Option<String>)> =
            sqlx::query_as("SELECT to_email, subject, sent_at FROM outbox ORDER BY id")
                .fetch_all(self.pool())
                .await?;
        Ok(rows
            .into_iter()
            .map(|(t, s, sent)| (t, s, sent.is_some()))
            .collect())
    }

    /// Accounts of a role, optionally limited to a commune or a producer.
    pub async fn usernames_with(
        &self,
        role: &str,
        commune: Option<&str>,
        producer_id: Option<i64>,
    ) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT username FROM users WHERE role = $1 AND disabled = 0 AND ($2 = '' OR commune_code = $2) AND ($3 = 0 OR producer_id = $3) ORDER BY username",
        )
        .bind(role.to_owned())
        .bind(commune.unwrap_or_default().to_owned())
        .bind(producer_id.unwrap_or(0))
        .fetch_all(self.pool())
        .await?)
    }
}
