//! Ranh giới xã, phường — commune boundaries read from a GeoJSON file the
//! office holds (from the provincial land or statistics department), so the
//! map can draw its communes. The project ships none: it found no openly
//! licensed file of the 2025 communes.
//!
//! Only WGS 84 longitude/latitude is accepted (what GeoJSON requires);
//! Vietnamese GIS files are often in VN-2000 metres, which is refused with
//! that explanation rather than drawn somewhere in the sea.

use crate::geo::Point;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BoundaryError {
    #[error("Tệp không phải GeoJSON đọc được: {0}")]
    Json(String),
    #[error("Tệp GeoJSON phải là một FeatureCollection (tập các đối tượng).")]
    NotACollection,
    #[error("Tệp không có đối tượng nào.")]
    Empty,
    #[error("Đối tượng số {index}: {message}")]
    Feature { index: usize, message: String },
}

/// One commune's outline: its code as the file gives it and its rings
/// (outer rings and holes alike; drawn with the even-odd rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    pub code: String,
    pub rings: Vec<Vec<Point>>,
}

/// About 30 m: finer than a commune map on a screen can show, and it keeps
/// a province's file small enough to send with every map page.
pub const SIMPLIFY_DEGREES: f64 = 0.0003;

/// Reads every feature, or says which one is wrong and why.
pub fn read(bytes: &[u8], code_field: &str) -> Result<Vec<Boundary>, BoundaryError> {
    let doc: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| BoundaryError::Json(e.to_string()))?;
    if doc["type"] != "FeatureCollection" {
        return Err(BoundaryError::NotACollection);
    }
    let features = doc["features"]
        .as_array()
        .ok_or(BoundaryError::NotACollection)?;
    if features.is_empty() {
        return Err(BoundaryError::Empty);
    }
    features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            feature(f, code_field).map_err(|message| BoundaryError::Feature {
                index: i + 1,
                message,
            })
        })
        .collect()
}

fn feature(f: &serde_json::Value, code_field: &str) -> Result<Boundary, String> {
    let props = f["properties"].as_object();
    let code = match props.and_then(|p| p.get(code_field)) {
        Some(serde_json::Value::String(s)) => s.trim().to_owned(),
        // A code stored as a number has lost its leading zeros.
        Some(serde_json::Value::Number(n)) => format!("{:0>5}", n.to_string()),
        _ => {
            let names: Vec<&str> = props
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            return Err(format!(
                "không có thuộc tính «{code_field}» chứa mã xã; các thuộc tính có: {}.",
                if names.is_empty() {
                    "(không có)".to_owned()
                } else {
                    names.join(", ")
                }
            ));
        }
    };
    let geometry = &f["geometry"];
    let polygons: Vec<&serde_json::Value> = match geometry["type"].as_str() {
        Some("Polygon") => vec![&geometry["coordinates"]],
        Some("MultiPolygon") => geometry["coordinates"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        other => {
            return Err(format!(
                "hình của xã {code} phải là Polygon hoặc MultiPolygon, không phải {}.",
                other.unwrap_or("(không có)")
            ));
        }
    };
    let mut rings = Vec::new();
    for polygon in polygons {
        for ring in polygon.as_array().into_iter().flatten() {
            let points = ring_points(ring, &code)?;
            let simple = simplify(&points, SIMPLIFY_DEGREES);
            if simple.len() >= 4 {
                rings.push(simple);
            }
        }
    }
    if rings.is_empty() {
        return Err(format!("xã {code} không có vòng ranh giới nào đủ ba đỉnh."));
    }
    Ok(Boundary { code, rings })
}

fn ring_points(ring: &serde_json::Value, code: &str) -> Result<Vec<Point>, String> {
    let mut out = Vec::new();
    for pos in ring.as_array().into_iter().flatten() {
        let (Some(lon), Some(lat)) = (pos[0].as_f64(), pos[1].as_f64()) else {
            return Err(format!(
                "xã {code} có một đỉnh không phải cặp số [kinh độ, vĩ độ]."
            ));
        };
        let p = Point::new(lat, lon).map_err(|_| {
            format!(
                "xã {code} có đỉnh [{lon}, {lat}] nằm ngoài Việt Nam. Tệp phải dùng kinh độ, vĩ độ WGS 84 \
                 (như GeoJSON quy định); tệp theo hệ VN-2000 (đơn vị mét) cần chuyển hệ tọa độ trước."
            )
        })?;
        out.push(p);
    }
    Ok(out)
}

/// Douglas–Peucker on a closed ring, keeping its first and last vertex.
pub fn simplify(ring: &[Point], tolerance: f64) -> Vec<Point> {
    if ring.len() <= 4 {
        return ring.to_vec();
    }
    let mut keep = vec![false; ring.len()];
    keep[0] = true;
    keep[ring.len() - 1] = true;
    // A closed ring starts and ends on one vertex: split it at the vertex
    // farthest from the start so each half has a real chord.
    let far = (1..ring.len() - 1)
        .max_by(|&a, &b| dist2(ring[0], ring[a]).total_cmp(&dist2(ring[0], ring[b])))
        .unwrap_or(1);
    keep[far] = true;
    let mut stack = vec![(0, far), (far, ring.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut best = (0.0, 0);
        for i in a + 1..b {
            let d = off_chord(ring[i], ring[a], ring[b]);
            if d > best.0 {
                best = (d, i);
            }
        }
        if best.0 > tolerance {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
    ring.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

fn dist2(a: Point, b: Point) -> f64 {
    (a.lat - b.lat).powi(2) + (a.lon - b.lon).powi(2)
}

/// Distance of `p` from the segment `a`–`b`, in degrees.
fn off_chord(p: Point, a: Point, b: Point) -> f64 {
    let len2 = dist2(a, b);
    if len2 == 0.0 {
        return dist2(p, a).sqrt();
    }
    let t = (((p.lon - a.lon) * (b.lon - a.lon) + (p.lat - a.lat) * (b.lat - a.lat)) / len2)
        .clamp(0.0, 1.0);
    let q = Point {
        lat: a.lat + t * (b.lat - a.lat),
        lon: a.lon + t * (b.lon - a.lon),
    };
    dist2(p, q).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(code: serde_json::Value, lon: f64, lat: f64) -> serde_json::Value {
        serde_json::json!({
            "type": "Feature",
            "properties": {"ma_xa": code, "ten": "x"},
            "geometry": {"type": "Polygon", "coordinates": [[
                [lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]
            ]]},
        })
    }

    fn collection(features: Vec<serde_json::Value>) -> Vec<u8> {
        serde_json::json!({"type": "FeatureCollection", "features": features})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn polygons_and_multipolygons_are_read_with_their_codes() {
        let mut multi = square("24670".into(), 107.6, 12.4);
        multi["geometry"] = serde_json::json!({"type": "MultiPolygon", "coordinates": [
            multi["geometry"]["coordinates"].clone(),
            [[[107.8, 12.4], [107.85, 12.4], [107.85, 12.45], [107.8, 12.4]]],
        ]});
        let read = read(
            &collection(vec![square(24682.into(), 107.7, 12.3), multi]),
            "ma_xa",
        )
        .unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].code, "24682");
        assert_eq!(read[0].rings[0].len(), 5);
        assert_eq!(read[1].rings.len(), 2);
    }

    #[test]
    fn a_wrong_feature_is_named_with_the_reason() {
        let no_code = serde_json::json!({"type": "Feature", "properties": {"ten_xa": "A", "code": "1"},
            "geometry": {"type": "Polygon", "coordinates": []}});
        let e = read(
            &collection(vec![square("24682".into(), 107.7, 12.3), no_code]),
            "ma_xa",
        );
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("Đối tượng số 2: không có thuộc tính «ma_xa» chứa mã xã; các thuộc tính có: code, ten_xa."
                .into())
        );
        // VN-2000 metres, not degrees.
        let metres = square("24682".into(), 435_000.0, 1_320_000.0);
        let e = read(&collection(vec![metres]), "ma_xa").map_err(|e| e.to_string());
        assert!(
            e.as_ref()
                .is_err_and(|m| m.starts_with("Đối tượng số 1: ") && m.contains("VN-2000")),
            "{e:?}"
        );
        let point = serde_json::json!({"type": "Feature", "properties": {"ma_xa": "1"},
            "geometry": {"type": "Point", "coordinates": [107.0, 12.0]}});
        assert!(
            read(&collection(vec![point]), "ma_xa")
                .is_err_and(|e| e.to_string().contains("Polygon"))
        );
        assert_eq!(
            read(b"{", "ma_xa").map_err(|e| matches!(e, BoundaryError::Json(_))),
            Err(true)
        );
        assert_eq!(
            read(&collection(vec![]), "ma_xa"),
            Err(BoundaryError::Empty)
        );
        assert_eq!(
            read(br#"{"type": "Feature"}"#, "ma_xa"),
            Err(BoundaryError::NotACollection)
        );
    }

    #[test]
    fn simplifying_drops_vertices_on_a_straight_edge_only() {
        // A square whose bottom edge has 99 vertices in a straight line and
        // one notch 0.001° deep.
        let mut ring: Vec<Point> = (0..100)
            .map(|i| Point {
                lat: 12.0,
                lon: 107.0 + f64::from(i) * 0.001,
            })
            .collect();
        ring[50].lat = 11.999;
        ring.extend([
            Point {
                lat: 12.1,
                lon: 107.1,
            },
            Point {
                lat: 12.1,
                lon: 107.0,
            },
            Point {
                lat: 12.0,
                lon: 107.0,
            },
        ]);
        let s = simplify(&ring, SIMPLIFY_DEGREES);
        assert!(s.len() < 12, "{}", s.len());
        assert!(
            s.contains(&Point {
                lat: 11.999,
                lon: 107.05
            }),
            "the notch stays"
        );
        assert_eq!(s.first(), s.last(), "still closed");
    }
}
