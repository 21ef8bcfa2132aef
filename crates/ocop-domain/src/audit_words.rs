//! Nhật ký dễ đọc — the audit log in words: what each recorded action and
//! object is called in Vietnamese, and which fields an entry changed. The
//! log keeps its stable codes; pages and exports say them this way.

use std::borrow::Cow;

/// Recorded actions and what they are called (a verb phrase).
const ACTIONS: &[(&str, &str)] = &[
    ("create", "tạo mới"),
    ("delete", "xóa"),
    ("publish", "công bố"),
    ("approve", "duyệt"),
    ("reject", "từ chối"),
    ("assign", "phân công"),
    ("issue", "cấp giấy chứng nhận"),
    ("import", "nhập dữ liệu"),
    ("import.apply", "nhập danh sách sản phẩm"),
    ("export", "tải dữ liệu cá nhân"),
    ("attach_evidence", "đính kèm minh chứng"),
    ("add_document", "thêm giấy tờ vào kho"),
    ("add_member", "phân công thành viên hội đồng"),
    ("add_adviser", "phân công thành viên tổ tư vấn"),
    ("declare_conflict", "khai xung đột lợi ích"),
    ("unlock_sign_in", "mở khóa đăng nhập"),
    ("sign_in", "đăng nhập"),
    ("sign_in_failed", "đăng nhập sai"),
    ("sign_in_locked", "đăng nhập khi đang bị khóa"),
    ("sign_in_refused", "bị từ chối đăng nhập"),
    ("misuse_report", "gửi phản ánh"),
    ("misuse.handle", "xử lý phản ánh"),
    ("map.boundaries", "cập nhật ranh giới trên bản đồ"),
    ("inspection.add", "ghi kết quả kiểm tra"),
    ("inspection.action_done", "hoàn thành việc khắc phục"),
    ("growing_area.add", "thêm vùng trồng"),
    ("growing_area.status", "đổi trạng thái vùng trồng"),
    ("batch.create", "tạo lô hàng"),
    ("national.advance", "cập nhật hồ sơ 5 sao quốc gia"),
    ("procedure.verify", "xác nhận văn bản quy trình"),
    ("producer.contact", "công khai thông tin liên hệ"),
    ("producer.location", "cập nhật vị trí chủ thể"),
    ("place.before_reform", "ghi địa bàn trước sắp xếp 2025"),
    (
        "product.group_follows_set",
        "xếp nhóm sản phẩm theo bộ tiêu chí",
    ),
];

/// Objects the log names.
const ENTITIES: &[(&str, &str)] = &[
    ("catalogue", "danh mục sản phẩm"),
    ("certificate", "giấy chứng nhận"),
    ("council", "hội đồng"),
    ("criteria_set_lead", "sở phụ trách bộ tiêu chí"),
    ("criteria_version", "phiên bản bộ tiêu chí"),
    ("dossier", "hồ sơ"),
    ("misuse_report", "phản ánh"),
    ("procedure", "quy trình"),
    ("producer", "chủ thể"),
    ("product", "sản phẩm"),
    ("product_group_lead", "sở phụ trách nhóm sản phẩm"),
    ("province", "tỉnh"),
    ("registration", "đơn đăng ký"),
    ("round", "đợt đánh giá"),
    ("user", "tài khoản"),
];

fn lookup<'a>(table: &[(&str, &'static str)], code: &'a str) -> Cow<'a, str> {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(Cow::Borrowed(code), |(_, w)| Cow::Borrowed(*w))
}

/// An action in words; a code this build does not know is shown as it is.
pub fn action_vi(code: &str) -> Cow<'_, str> {
    lookup(ACTIONS, code)
}

/// An object kind in words.
pub fn entity_vi(code: &str) -> Cow<'_, str> {
    lookup(ENTITIES, code)
}

/// One field an entry changed: (field, before, after), values as text.
pub type Change = (String, String, String);

fn shown(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The fields an entry's before and after differ in, in field order; a
/// value that is not an object is one field named "giá trị". Unreadable
/// JSON is shown whole rather than dropped.
pub fn changes(before: Option<&str>, after: Option<&str>) -> Vec<Change> {
    let parse = |s: Option<&str>| -> Result<Option<serde_json::Value>, String> {
        s.map(|t| serde_json::from_str(t).map_err(|_| t.to_owned()))
            .transpose()
    };
    let (b, a) = match (parse(before), parse(after)) {
        (Ok(b), Ok(a)) => (b, a),
        _ => {
            return vec![(
                "giá trị".into(),
                before.unwrap_or_default().into(),
                after.unwrap_or_default().into(),
            )];
        }
    };
    let as_map = |v: &Option<serde_json::Value>| match v {
        Some(serde_json::Value::Object(m)) => Some(m.clone()),
        None | Some(serde_json::Value::Null) => Some(serde_json::Map::new()),
        Some(_) => None,
    };
    match (as_map(&b), as_map(&a)) {
        (Some(bm), Some(am)) => {
            let mut keys: Vec<&String> = bm.keys().chain(am.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter(|k| bm.get(*k) != am.get(*k))
                .map(|k| (k.clone(), shown(bm.get(k)), shown(am.get(k))))
                .collect()
        }
        _ => vec![("giá trị".into(), shown(b.as_ref()), shown(a.as_ref()))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_and_objects_are_said_in_vietnamese_and_unknown_codes_stay() {
        assert_eq!(action_vi("declare_conflict"), "khai xung đột lợi ích");
        assert_eq!(entity_vi("dossier"), "hồ sơ");
        assert_eq!(action_vi("something.new"), "something.new");
    }

    #[test]
    fn only_changed_fields_are_listed() {
        let c = changes(
            Some(r#"{"state":"draft","stars":3,"name":"Cà phê"}"#),
            Some(r#"{"state":"submitted","stars":3,"name":"Cà phê"}"#),
        );
        assert_eq!(
            c,
            vec![("state".into(), "draft".into(), "submitted".into())]
        );
        let c = changes(None, Some(r#"{"number":"OCOP-1"}"#));
        assert_eq!(c, vec![("number".into(), String::new(), "OCOP-1".into())]);
        let c = changes(Some("not json"), None);
        assert_eq!(c[0].1, "not json");
    }
}
