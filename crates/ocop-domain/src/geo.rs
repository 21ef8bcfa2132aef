//! Tọa độ and the portal's offline map (bản đồ): a place is a latitude and
//! longitude as people copy them from a phone's map app, and the map is
//! drawn from those points alone, so it needs no tile server and no
//! boundary file (the project ships none: no openly licensed commune
//! boundaries were available to it).

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GeoError {
    #[error("Tọa độ phải là vĩ độ, kinh độ trong lãnh thổ Việt Nam (ví dụ 11.94, 108.44).")]
    Coordinates,
}

/// A point on the ground, inside Vietnam's bounding box (islands included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

impl Point {
    /// `lat, lon` with decimal points, as a map app copies them; empty means
    /// "not recorded". Swapped values are refused rather than guessed.
    pub fn parse(typed: &str) -> Result<Option<Self>, GeoError> {
        let t = typed.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let (a, b) = t.split_once(',').ok_or(GeoError::Coordinates)?;
        let lat: f64 = a.trim().parse().map_err(|_| GeoError::Coordinates)?;
        let lon: f64 = b.trim().parse().map_err(|_| GeoError::Coordinates)?;
        Self::new(lat, lon).map(Some)
    }

    pub fn new(lat: f64, lon: f64) -> Result<Self, GeoError> {
        if (8.0..=23.5).contains(&lat) && (102.0..=117.5).contains(&lon) {
            Ok(Self { lat, lon })
        } else {
            Err(GeoError::Coordinates)
        }
    }

    /// As the form shows it back: six decimals are about 0.1 m.
    pub fn display(&self) -> String {
        format!("{}, {}", round6(self.lat), round6(self.lon))
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Width and height of the drawing, in SVG user units.
pub const MAP_WIDTH: f64 = 600.0;
pub const MAP_HEIGHT: f64 = 450.0;

/// An equirectangular view fitted to a set of points: north up, a degree of
/// longitude shortened by the cosine of the latitude so shapes keep their
/// proportions at Vietnam's latitudes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    centre: Point,
    /// SVG units per degree of latitude.
    scale: f64,
    /// cos(latitude) at the centre.
    kx: f64,
}

/// One line of the graticule (lưới tọa độ) with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct GridLine {
    /// x of a meridian or y of a parallel.
    pub at: f64,
    pub label: String,
}

impl Frame {
    /// The smallest view holding every point with a margin; `None` without points.
    pub fn fit(points: &[Point]) -> Option<Self> {
        let first = points.first()?;
        let (mut s, mut n, mut w, mut e) = (first.lat, first.lat, first.lon, first.lon);
        for p in points {
            s = s.min(p.lat);
            n = n.max(p.lat);
            w = w.min(p.lon);
            e = e.max(p.lon);
        }
        let centre = Point {
            lat: f64::midpoint(s, n),
            lon: f64::midpoint(w, e),
        };
        let kx = centre.lat.to_radians().cos();
        // A lone point (or a few in one village) still shows some country
        // around it: at least 0.1° (about 11 km) each way.
        // The margin leaves room for names written above the marks.
        let span_lat = (n - s).max(0.1) * 1.3;
        let span_lon = (e - w).max(0.1) * 1.3;
        let scale = (MAP_HEIGHT / span_lat).min(MAP_WIDTH / (span_lon * kx));
        Some(Self { centre, scale, kx })
    }

    /// Where a point falls in the drawing (x to the east, y to the south).
    pub fn project(&self, p: Point) -> (f64, f64) {
        let x = MAP_WIDTH / 2.0 + (p.lon - self.centre.lon) * self.kx * self.scale;
        let y = MAP_HEIGHT / 2.0 - (p.lat - self.centre.lat) * self.scale;
        (x, y)
    }

    fn south(&self) -> f64 {
        self.centre.lat - MAP_HEIGHT / 2.0 / self.scale
    }

    fn north(&self) -> f64 {
        self.centre.lat + MAP_HEIGHT / 2.0 / self.scale
    }

    fn west(&self) -> f64 {
        self.centre.lon - MAP_WIDTH / 2.0 / (self.scale * self.kx)
    }

    fn east(&self) -> f64 {
        self.centre.lon + MAP_WIDTH / 2.0 / (self.scale * self.kx)
    }

    /// Parallels (vĩ độ Bắc), top to bottom.
    pub fn parallels(&self) -> Vec<GridLine> {
        let step = step(self.north() - self.south(), 8.0);
        lines(self.south(), self.north(), step)
            .rev()
            .map(|lat| GridLine {
                at: self
                    .project(Point {
                        lat,
                        lon: self.centre.lon,
                    })
                    .1,
                label: format!("{}° B", degrees(lat, step)),
            })
            .collect()
    }

    /// Meridians (kinh độ Đông), left to right.
    pub fn meridians(&self) -> Vec<GridLine> {
        // Fewer meridians: their labels sit side by side along the bottom.
        let step = step(self.east() - self.west(), 5.0);
        lines(self.west(), self.east(), step)
            .map(|lon| GridLine {
                at: self
                    .project(Point {
                        lat: self.centre.lat,
                        lon,
                    })
                    .0,
                label: format!("{}° Đ", degrees(lon, step)),
            })
            .collect()
    }

    /// A scale bar (thước tỷ lệ): a round number of kilometres no longer
    /// than a quarter of the width, and its length in drawing units (a
    /// degree of latitude is about 111.32 km).
    pub fn scale_bar(&self) -> (u32, f64) {
        let per_km = self.scale / 111.32;
        let km = [1, 2, 5, 10, 20, 50, 100, 200]
            .into_iter()
            .rev()
            .find(|&km| f64::from(km) * per_km <= MAP_WIDTH / 4.0)
            .unwrap_or(1);
        (km, f64::from(km) * per_km)
    }
}

/// A round step giving at most `most` lines across `span` degrees.
fn step(span: f64, most: f64) -> f64 {
    [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0]
        .into_iter()
        .find(|s| span / s <= most)
        .unwrap_or(5.0)
}

fn lines(from: f64, to: f64, step: f64) -> impl DoubleEndedIterator<Item = f64> {
    #[allow(clippy::cast_possible_truncation)]
    let (a, b) = ((from / step).ceil() as i64, (to / step).floor() as i64);
    #[allow(clippy::cast_precision_loss)]
    (a..=b).map(move |k| k as f64 * step)
}

/// Vietnamese writes a decimal comma; as many decimals as the step needs.
fn degrees(v: f64, step: f64) -> String {
    let decimals = if step.fract() == 0.0 {
        0
    } else if (step * 10.0).fract().abs() < 1e-9 {
        1
    } else {
        2
    };
    format!("{v:.decimals$}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> Point {
        Point { lat, lon }
    }

    #[test]
    fn coordinates_are_read_as_a_map_app_copies_them() {
        assert_eq!(
            Point::parse(" 11.940419, 108.458313 "),
            Ok(Some(p(11.940419, 108.458313)))
        );
        assert_eq!(Point::parse(""), Ok(None));
        // Swapped, outside Vietnam, a decimal comma, one number: refused.
        for bad in [
            "108.45, 11.94",
            "48.85, 2.35",
            "11,94 108,44",
            "11.94",
            "a, b",
        ] {
            assert_eq!(Point::parse(bad), Err(GeoError::Coordinates), "{bad}");
        }
        assert_eq!(
            p(11.9404191, 108.4583134).display(),
            "11.940419, 108.458313"
        );
    }

    #[test]
    fn the_frame_holds_every_point_north_up_with_true_proportions() {
        let pts = [p(11.5, 107.5), p(12.5, 108.0), p(12.0, 108.8)];
        let f = Frame::fit(&pts).unwrap_or_else(|| panic!("points"));
        for q in pts {
            let (x, y) = f.project(q);
            assert!((0.0..=MAP_WIDTH).contains(&x) && (0.0..=MAP_HEIGHT).contains(&y));
        }
        let (_, y_south) = f.project(pts[0]);
        let (_, y_north) = f.project(pts[1]);
        assert!(y_north < y_south, "north is up");
        // 0.1° of longitude is shorter than 0.1° of latitude by cos(12°).
        let (x0, y0) = f.project(p(12.0, 108.0));
        let (x1, _) = f.project(p(12.0, 108.1));
        let (_, y1) = f.project(p(12.1, 108.0));
        let ratio = (x1 - x0) / (y0 - y1);
        assert!((ratio - 12.0_f64.to_radians().cos()).abs() < 1e-9);
        assert!(Frame::fit(&[]).is_none());
    }

    #[test]
    fn a_lone_point_sits_in_the_middle_with_country_around_it() {
        let f = Frame::fit(&[p(11.94, 108.44)]).unwrap_or_else(|| panic!("one point"));
        assert_eq!(
            f.project(p(11.94, 108.44)),
            (MAP_WIDTH / 2.0, MAP_HEIGHT / 2.0)
        );
        let (km, len) = f.scale_bar();
        assert_eq!(km, 2, "a round distance");
        assert!(len <= MAP_WIDTH / 4.0 && len > MAP_WIDTH / 10.0, "{len}");
    }

    #[test]
    fn the_graticule_has_round_labelled_lines_inside_the_view() {
        let f = Frame::fit(&[p(11.5, 107.5), p(12.5, 108.5)]).unwrap_or_else(|| panic!("points"));
        let par = f.parallels();
        assert!((3..=9).contains(&par.len()), "{par:?}");
        assert!(par.iter().all(|l| (0.0..=MAP_HEIGHT).contains(&l.at)));
        assert!(par.windows(2).all(|w| w[0].at < w[1].at), "top to bottom");
        assert!(par.iter().any(|l| l.label == "12,0° B"), "{par:?}");
        let mer = f.meridians();
        assert!(mer.iter().all(|l| (0.0..=MAP_WIDTH).contains(&l.at)));
        assert!(mer.iter().any(|l| l.label == "108,0° Đ"), "{mer:?}");
    }
}
