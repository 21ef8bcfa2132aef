//! Per-round counts of the former Đắk Nông (2020 – c.2023) as published,
//! including the directive's "52 products by 2021, 6 four-star, 46 three-star".

use super::SeedError;
use super::table::Table;
use ocop_store::Value;
use ocop_store::datasets::LoadTx;

pub const NAME: &str = "ocop-daknong-round-statistics-v1";
const CSV: &str = include_str!("../../../../data/daknong-ocop-summary.csv");

pub async fn load(tx: &mut LoadTx) -> Result<i64, SeedError> {
    let table = Table::parse("data/daknong-ocop-summary.csv", CSV)?;
    let mut rows = Vec::new();
    for (seq, row) in table.rows().enumerate() {
        rows.push(vec![
            Value::Text(super::records::PROVINCE.into()),
            Value::Text("67".into()),
            Value::Int(i64::try_from(seq).unwrap_or(i64::MAX)),
            Value::Text(row.text("period")?),
            Value::OptText(row.opt("decision")?),
            Value::OptText(row.opt("decision_date")?),
            Value::OptInt(row.opt_int("products_recognised")?),
            Value::OptInt(row.opt_int("four_star")?),
            Value::OptInt(row.opt_int("three_star")?),
            Value::OptInt(row.opt_int("cumulative_total")?),
            Value::OptInt(row.opt_int("cumulative_four_star")?),
            Value::OptInt(row.opt_int("cumulative_three_star")?),
            Value::OptText(row.opt("source_url")?),
            Value::OptText(row.opt("note")?),
        ]);
    }
    let n = tx
        .insert(
            "programme_statistics",
            &[
                "province_code",
                "former_province_code",
                "seq",
                "period",
                "decision",
                "decision_date",
                "products_recognised",
                "four_star",
                "three_star",
                "cumulative_total",
                "cumulative_four_star",
                "cumulative_three_star",
                "source_url",
                "note",
            ],
            &rows,
        )
        .await?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}
