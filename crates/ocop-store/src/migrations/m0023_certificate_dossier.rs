//! A certificate remembers the dossier it was issued on, so the dossier links
//! to its certificate and the register back to the dossier. Certificates of
//! the shipped and imported records have none. Existing recognised dossiers
//! are matched to the certificate issued for their product in their round
//! (the recognition wrote both in one transaction). The audit log is
//! filtered by person, object and period, so those are indexed.

pub const SQL: &str = r#"
ALTER TABLE certificates ADD COLUMN dossier_id BIGINT REFERENCES dossiers (id);
UPDATE certificates SET dossier_id = (
    SELECT d.id FROM dossiers d JOIN decisions k ON k.id = certificates.decision_id
    WHERE d.product_id = certificates.product_id AND d.state = 'recognised'
      AND d.round_id = k.round_id
    ORDER BY d.id DESC LIMIT 1
) WHERE dossier_id IS NULL;
CREATE INDEX certificates_dossier ON certificates (dossier_id);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_at ON audit_log (at)
"#;
