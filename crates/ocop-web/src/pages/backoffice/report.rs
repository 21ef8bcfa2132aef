//! Báo cáo định kỳ — the periodic report of the province's OCOP programme
//! as a Word document built from live data, ready to edit and sign:
//! figures, certificates, monitoring, misuse reports, and the communes and
//! departments behind schedule in the current rounds.

use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use axum::extract::State;
use axum::response::Response;
use ocop_docs::docx::{Block, document_docx};
use ocop_domain::access::Permission;
use std::collections::BTreeMap;

fn table(head: [&str; 2], counts: &BTreeMap<String, usize>) -> Block {
    let mut rows = vec![vec![head[0].to_owned(), head[1].to_owned()]];
    rows.extend(counts.iter().map(|(k, n)| vec![k.clone(), n.to_string()]));
    Block::Table {
        rows,
        header: true,
        borders: true,
    }
}

pub async fn docx(State(state): State<AppState>, user: CurrentUser) -> Result<Response, WebError> {
    user.require(Permission::ManageRounds)?;
    let today = state.clock.today();
    let snapshot = state.snapshot().await?;
    let province = state
        .store
        .admin_unit(ocop_domain::UnitScheme::Y2025, &state.province.code)
        .await?;
    let (full, short) = province.as_ref().map_or_else(
        || (state.province.code.clone(), state.province.code.clone()),
        |u| (u.full_name.clone(), u.name.clone()),
    );
    // Figures from the catalogue.
    let (mut stars, mut years, mut status) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let mut ending: Vec<Vec<String>> = vec![vec![
        "Sản phẩm".into(),
        "Chủ thể".into(),
        "Hiệu lực đến".into(),
    ]];
    for e in &snapshot.entries {
        let s = &e.row.summary;
        *stars
            .entry(
                s.stars
                    .map_or_else(|| "Chưa xếp hạng".to_owned(), |n| format!("{n} sao")),
            )
            .or_insert(0) += 1;
        *years
            .entry(
                s.year
                    .map_or_else(|| "Chưa rõ".to_owned(), |y| y.to_string()),
            )
            .or_insert(0) += 1;
        if let Some(c) = snapshot.certificates_of(&s.slug).next() {
            let v = ocop_app::portal::certificate_view(c.certificate.clone(), today);
            *status.entry(v.status.label_vi().to_owned()).or_insert(0) += 1;
            if let Some(d) = v.latest_valid_day.filter(|d| {
                v.status.is_valid()
                    && *d
                        <= today
                            .checked_add_months(chrono::Months::new(6))
                            .unwrap_or(today)
            }) {
                ending.push(vec![
                    s.name.clone(),
                    s.producer_name.clone(),
                    d.format("%d/%m/%Y").to_string(),
                ]);
            }
        }
    }
    // Monitoring and misuse.
    let watch = state
        .store
        .watch_list(&state.province.code, &today.to_string())
        .await?;
    let gone = watch
        .iter()
        .filter(|w| w.still_produced == Some(false) || w.still_sold == Some(false))
        .count();
    let never = watch.iter().filter(|w| w.last_visit.is_none()).count();
    let overdue: i64 = watch.iter().map(|w| w.overdue_actions).sum();
    let mut misuse = BTreeMap::new();
    for r in state
        .store
        .misuse_reports(&state.province.code, None)
        .await?
    {
        let label = r.status.label_vi().to_owned();
        *misuse.entry(label).or_insert(0) += 1;
    }
    // Behind schedule: dossiers past their stage's deadline, by commune and
    // by the department that leads the product's set or group.
    let pipeline = ocop_app::worklist::pipeline(&state.store, &state.province.code, None, today)
        .await
        .map_err(WebError::service)?;
    let late_only = |rows: &[(String, ocop_app::worklist::Count)]| -> BTreeMap<String, usize> {
        rows.iter()
            .filter(|(_, c)| c.late > 0)
            .map(|(k, c)| (k.clone(), c.late))
            .collect()
    };
    let late_commune = late_only(&pipeline.by_commune);
    let late_dept = late_only(&pipeline.by_department);
    let date = today.format("%d/%m/%Y").to_string();
    let mut blocks = vec![
        Block::Table {
            rows: vec![
                vec![
                    format!("ỦY BAN NHÂN DÂN {}", full.to_uppercase()),
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
                ],
                vec![
                    "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG".into(),
                    "Độc lập - Tự do - Hạnh phúc".into(),
                ],
                vec![
                    "Số: ……/BC-SNNMT".into(),
                    format!(
                        "{short}, ngày {} tháng {} năm {}",
                        today.format("%d"),
                        today.format("%-m"),
                        today.format("%Y")
                    ),
                ],
            ],
            header: true,
            borders: false,
        },
        Block::centred("BÁO CÁO", true, false, 14),
        Block::centred(
            format!("Tình hình thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) đến ngày {date}"),
            true,
            false,
            13,
        ),
        Block::heading("I. KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM"),
        Block::text(format!(
            "Đến ngày {date}, toàn tỉnh có {} sản phẩm trong hệ thống (gồm sản phẩm đã và chưa được công nhận).",
            snapshot.entries.len()
        )),
        table(["Hạng sao", "Số sản phẩm"], &stars),
        table(["Năm công nhận", "Số sản phẩm"], &years),
        Block::heading("II. GIẤY CHỨNG NHẬN"),
        table(
            ["Tình trạng giấy chứng nhận mới nhất", "Số sản phẩm"],
            &status,
        ),
        Block::text(format!(
            "Giấy chứng nhận hết hiệu lực trong 6 tháng tới: {}.",
            ending.len() - 1
        )),
    ];
    if ending.len() > 1 {
        blocks.push(Block::Table {
            rows: ending,
            header: true,
            borders: true,
        });
    }
    blocks.extend([
        Block::heading("III. GIÁM SÁT SAU CÔNG NHẬN"),
        Block::text(format!(
            "Sản phẩm đã công nhận nhưng không còn sản xuất hoặc không còn bán (theo lần kiểm tra gần nhất): {gone}. \
             Sản phẩm chưa kiểm tra lần nào: {never}. Việc khắc phục quá hạn: {overdue}."
        )),
        Block::heading("IV. PHẢN ÁNH HÀNG GIẢ, DÙNG SAI SAO OCOP"),
    ]);
    if misuse.is_empty() {
        blocks.push(Block::text("Chưa nhận phản ánh nào."));
    } else {
        blocks.push(table(["Tình trạng xử lý", "Số phản ánh"], &misuse));
    }
    blocks.push(Block::heading("V. ĐỊA BÀN, SỞ NGÀNH CHẬM TIẾN ĐỘ"));
    if late_commune.is_empty() {
        blocks.push(Block::text("Không có hồ sơ nào quá hạn ở bước đang chờ."));
    } else {
        blocks.push(table(["Xã, phường", "Hồ sơ quá hạn"], &late_commune));
        blocks.push(table(["Sở phụ trách", "Hồ sơ quá hạn"], &late_dept));
    }
    blocks.extend([
        Block::heading("VI. KIẾN NGHỊ, ĐỀ XUẤT"),
        Block::text("(Văn phòng Điều phối bổ sung.)"),
        Block::Table {
            rows: vec![
                vec!["Nơi nhận:".into(), "KT. GIÁM ĐỐC".into()],
                vec!["- UBND tỉnh (b/c);".into(), "PHÓ GIÁM ĐỐC".into()],
                vec!["- Lưu: VT, VPĐP.".into(), String::new()],
            ],
            header: true,
            borders: false,
        },
    ]);
    let bytes = document_docx(&format!("Báo cáo OCOP đến ngày {date}"), &blocks)
        .map_err(WebError::fault)?;
    Ok(crate::download::file(
        crate::download::DOCX,
        format!(
            "attachment; filename=\"bao-cao-ocop-{}.docx\"",
            today.format("%Y-%m-%d")
        ),
        bytes,
    ))
}
