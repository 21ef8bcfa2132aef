use super::*;
use chrono::Utc;

fn at(s: &str) -> DateTime<FixedOffset> {
    parse_time(s).unwrap()
}

fn now() -> DateTime<Utc> {
    at("2026-11-29T12:00:00+07:00").with_timezone(&Utc)
}

#[test]
fn steps_read_from_codes_labels_and_cbv() {
    assert_eq!(Step::parse("Thu hoạch"), Ok(Step::Harvest));
    assert_eq!(Step::parse("thu hoach"), Ok(Step::Harvest));
    assert_eq!(
        Step::parse("urn:epcglobal:cbv:bizstep:shipping"),
        Ok(Step::Shipping)
    );
    assert_eq!(
        Step::parse("https://ref.gs1.org/cbv/BizStep-receiving"),
        Ok(Step::Receiving)
    );
    assert_eq!(Step::parse("packing"), Ok(Step::Packing));
    assert_eq!(Step::parse("nướng"), Err(TraceError::Step));
}

#[test]
fn times_keep_their_offset_and_local_times_are_vietnamese() {
    assert_eq!(
        at("2026-11-20 08:30").to_rfc3339(),
        "2026-11-20T08:30:00+07:00"
    );
    assert_eq!(
        at("2026-11-20T01:30:00Z").to_rfc3339(),
        "2026-11-20T01:30:00+00:00"
    );
    assert_eq!(parse_time("20/11/2026"), Err(TraceError::Time));
}

#[test]
fn events_keep_the_rules_of_their_batch() {
    let batch = BatchFacts {
        produced_on: NaiveDate::from_ymd_opt(2026, 11, 1),
        area_codes: vec!["VN-LDOR-0123".into()],
        shipped_at: vec![],
    };
    let e =
        |step: &str, time: &str, place: &str| EventInput::parse(step, time, place, "", "").unwrap();
    assert_eq!(
        e("harvest", "2026-10-20 07:00", "Vùng VN-LDOR-0123").check(&batch, now()),
        Ok(())
    );
    assert!(matches!(
        e("harvest", "2026-10-20 07:00", "Vườn nhà").check(&batch, now()),
        Err(TraceError::HarvestPlace(_))
    ));
    assert_eq!(
        e("packing", "2026-11-30 07:00", "Xưởng").check(&batch, now()),
        Err(TraceError::Future)
    );
    assert_eq!(
        e("packing", "2024-01-01 07:00", "Xưởng").check(&batch, now()),
        Err(TraceError::TooEarly(
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default()
        ))
    );
    assert_eq!(
        e("receiving", "2026-11-20 07:00", "Cửa hàng").check(&batch, now()),
        Err(TraceError::ReceiveBeforeShip)
    );
    let shipped = BatchFacts {
        shipped_at: vec![at("2026-11-19 07:00")],
        ..batch
    };
    assert_eq!(
        e("receiving", "2026-11-20 07:00", "Cửa hàng").check(&shipped, now()),
        Ok(())
    );
    assert_eq!(
        e("receiving", "2026-11-18 07:00", "Cửa hàng").check(&shipped, now()),
        Err(TraceError::ReceiveBeforeShip)
    );
}

#[test]
fn lots_quantities_and_dates() {
    assert!(LotCode::parse("L2026-11/A").is_ok());
    assert_eq!(LotCode::parse("Lô 1"), Err(TraceError::Lot));
    assert_eq!(
        LotCode::parse("123456789012345678901"),
        Err(TraceError::Lot)
    );
    assert_eq!(quantity("1.200"), Ok(Some(1200)));
    assert_eq!(quantity("-3"), Err(TraceError::Quantity));
    assert_eq!(
        batch_dates("2026-11-01", "2026-10-01"),
        Err(TraceError::ExpiryBeforeProduction)
    );
}

#[test]
fn short_codes_are_well_formed() {
    for seed in [[0u8; 8], [255; 8], [1, 2, 3, 4, 5, 6, 7, 8]] {
        let c = short_code(seed);
        assert!(is_short_code(&c), "{c}");
    }
    assert_ne!(short_code([1; 8]), short_code([2; 8]));
    assert!(!is_short_code("0123456789i"));
    assert!(!is_short_code("ABCDEFGHJK"));
}
