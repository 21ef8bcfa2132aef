//! Imports become rows claimed by workers: the job keeps the kept upload,
//! the column mapping and the province, and a lease that another worker may
//! take over when it runs out. Jobs left "running" by a version that ran
//! imports inside the request's process cannot be resumed (their file and
//! mapping were not kept with them): they are closed as failed, saying so.
//! (No semicolon inside a statement: the runner splits on them.)

pub const SQL: &str = r#"
ALTER TABLE import_jobs ADD COLUMN upload_id BIGINT REFERENCES import_uploads (id);
ALTER TABLE import_jobs ADD COLUMN mapping_json TEXT;
ALTER TABLE import_jobs ADD COLUMN province_code TEXT;
ALTER TABLE import_jobs ADD COLUMN lease_until TEXT;
UPDATE import_jobs SET status = 'failed',
    error = 'Máy chủ đã khởi động lại khi đang nhập, không có gì được ghi. Hãy nhập lại tệp.'
    WHERE status IN ('running', 'cancelling');
CREATE INDEX import_jobs_open ON import_jobs (status, lease_until)
"#;
