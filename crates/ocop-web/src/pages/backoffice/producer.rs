//! A producer's record in the back office, limited by the person's scope: a
//! producer sees only itself, a commune officer its area, a department the
//! producers of the groups it leads.

use crate::auth::CurrentUser;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use ocop_domain::access::Permission;
use ocop_domain::evidence::{DocumentKind, DocumentValidity};

#[derive(Template)]
#[template(path = "bo_producer.html")]
struct ProducerPage {
    css: &'static str,
    title: String,
    name: String,
    kind: String,
    tax_code: String,
    address: String,
    /// `lat, lon` as recorded (or as typed when refused), for the map form.
    location: String,
    products: Vec<String>,
    slug: String,
    /// Kept documents: (title, kind, validity, css class, file info).
    documents: Vec<(String, String, String, &'static str, String)>,
    may_keep: bool,
    kinds: Vec<(&'static str, &'static str)>,
    typed: Typed,
    errors: super::vault::FieldErrors,
    points: Vec<PointLine>,
    links: Vec<LinkLine>,
    point_kinds: Vec<(&'static str, &'static str)>,
    communes: Vec<(String, String)>,
    product_choices: Vec<(String, String)>,
    photos: Vec<PhotoLine>,
    /// (month, product, channel, quantity, revenue) — what the star earned.
    sales: Vec<(String, String, &'static str, String, String)>,
    channels: Vec<(&'static str, &'static str)>,
    /// (product, stars, status) — the certification history beside the sales.
    stars_history: Vec<(String, String, String)>,
    /// The producer's own contact form (its values, or as typed), on its own
    /// page only.
    contact: Option<ocop_app::market::ContactForm>,
    /// Whether the producer is a household (its ID number and address are
    /// personal data, published only with the contact).
    personal: bool,
}

/// Every form of the page as typed, kept when one is refused.
#[derive(Debug, Default)]
pub struct Typed {
    pub document: super::vault::DocumentTyped,
    pub pos: ocop_app::market::PointOfSaleForm,
    pub link: super::market::LinkForm,
    pub photo: super::photos::PhotoTyped,
    pub sales: ocop_app::monitoring::SalesForm,
    /// The coordinates as typed, when that form was refused.
    pub location: Option<String>,
    /// The contact form as typed, when it was refused.
    pub contact: Option<ocop_app::market::ContactForm>,
}

pub struct PhotoLine {
    pub id: i64,
    pub product: String,
    pub alt: String,
    pub src: String,
}

pub struct PointLine {
    pub id: i64,
    pub kind: &'static str,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub location: String,
}

pub struct LinkLine {
    pub id: i64,
    pub product: String,
    pub marketplace: &'static str,
    pub url: String,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    user.require(Permission::ViewProducer)?;
    Ok(Html(
        page(&state, &user, &slug, Default::default(), Default::default()).await?,
    ))
}

/// The producer behind `slug` if the person's scope reaches it (a
/// department: the producers of the groups its agency leads), and whether
/// they may act for it (keep its documents, photos, batches).
pub(super) async fn in_view(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
) -> Result<ocop_app::scope::InView, WebError> {
    Ok(
        ocop_app::scope::producer_in_view(&state.store, &super::dossiers::actor(user), slug)
            .await?,
    )
}

/// The record, with its forms as typed and an error when one was refused.
pub(super) async fn page(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    typed: Typed,
    errors: super::vault::FieldErrors,
) -> Result<String, WebError> {
    let slug = slug.to_owned();
    let mut typed = typed;
    let typed_contact = typed.contact.take();
    let ocop_app::scope::InView { facts, acts } = in_view(state, user, &slug).await?;
    let p = state
        .store
        .producer_by_slug(&state.province.code, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let today = state.clock.today();
    let documents = state
        .store
        .documents_of(facts.id)
        .await?
        .into_iter()
        .map(|d| {
            let validity = d.validity(today);
            let class = match validity {
                DocumentValidity::Expired => "status status-expired",
                DocumentValidity::EndingSoon { .. } => "status status-warn",
                _ => "status status-valid",
            };
            let kind = d.kind.label_vi().to_owned();
            let until_vi = d.valid_until.map_or_else(String::new, |u| {
                format!(" · hết hạn {}", u.format("%d/%m/%Y"))
            });
            (
                d.title,
                kind,
                format!("{}{until_vi}", validity.label_vi()),
                class,
                format!("{} · {} KB", d.filename, (d.size_bytes + 1023) / 1024),
            )
        })
        .collect();
    let may_keep = acts;
    let unknown = |v: Option<String>| v.unwrap_or_else(|| super::super::UNKNOWN.to_owned());
    let points = state
        .store
        .points_of_sale_of(facts.id)
        .await?
        .into_iter()
        .map(|p| PointLine {
            id: p.id,
            kind: p.kind.name_vi(),
            name: p.name,
            address: match p.commune_2025 {
                Some(c) => format!("{}, {c}", p.address),
                None => p.address,
            },
            phone: p.phone.unwrap_or_default(),
            location: p.location.unwrap_or_default(),
        })
        .collect();
    let links = state
        .store
        .links_of_producer(facts.id)
        .await?
        .into_iter()
        .map(|l| LinkLine {
            id: l.id,
            product: l.product_name,
            marketplace: ocop_domain::market::Marketplace::parse_code(&l.marketplace)
                .map_or("", |m| m.name()),
            url: l.url,
        })
        .collect();
    let communes = if may_keep {
        crate::pages::commune_choices(state).await?
    } else {
        Vec::new()
    };
    let photos = state
        .store
        .photos_of_producer(facts.id)
        .await?
        .into_iter()
        .map(|f| PhotoLine {
            id: f.id,
            product: p
                .products
                .iter()
                .find(|x| x.id == f.product_id)
                .map_or_else(String::new, |x| x.name.clone()),
            src: format!(
                "/anh/{}/{}.jpg",
                f.id,
                f.widths.first().copied().unwrap_or(400)
            ),
            alt: f.alt,
        })
        .collect();
    let group = |n: i64| {
        // 1500000 → 1.500.000, as Vietnamese write amounts.
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    };
    let sales = state
        .store
        .sales_of_producer(facts.id)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.month,
                r.product_name,
                ocop_domain::market::SalesChannel::parse(&r.channel)
                    .map_or("", ocop_domain::market::SalesChannel::label_vi),
                group(r.quantity),
                format!("{} đ", group(r.revenue_vnd)),
            )
        })
        .collect();
    let mut stars_history = Vec::new();
    for x in &p.products {
        if let Some(d) = state
            .store
            .product_by_slug(&state.province.code, &x.slug)
            .await?
        {
            let page = ocop_app::portal::product_page(d, today);
            for c in &page.certificates {
                stars_history.push((
                    x.name.clone(),
                    format!(
                        "{} sao ({})",
                        c.record.stars,
                        c.record.year.map_or_else(String::new, |y| y.to_string())
                    ),
                    c.status.label_vi().to_owned(),
                ));
            }
        }
    }
    let product_choices = p
        .products
        .iter()
        .map(|x| (x.slug.clone(), x.name.clone()))
        .collect();
    let recorded = state
        .store
        .producer_location(facts.id)
        .await?
        .and_then(|(lat, lon)| ocop_domain::geo::Point::new(lat, lon).ok())
        .map(|p| p.display())
        .unwrap_or_default();
    let location = typed.location.clone().unwrap_or(recorded);
    let page = ProducerPage {
        css: crate::assets::css_href(),
        title: p.name.clone(),
        name: p.name,
        kind: ocop_domain::ProducerKind::parse(&p.kind)
            .map_or_else(|_| p.kind.clone(), |k| k.name_vi().to_owned()),
        tax_code: unknown(p.tax_code),
        address: unknown(p.address),
        location,
        products: p.products.into_iter().map(|x| x.name).collect(),
        slug,
        documents,
        may_keep,
        kinds: DocumentKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_vi()))
            .collect(),
        typed,
        errors,
        points,
        links,
        point_kinds: ocop_domain::market::PointOfSaleKind::ALL
            .iter()
            .map(|k| (k.code(), k.name_vi()))
            .collect(),
        communes,
        product_choices,
        photos,
        sales,
        channels: ocop_domain::market::SalesChannel::ALL
            .iter()
            .map(|c| (c.code(), c.label_vi()))
            .collect(),
        stars_history,
        contact: (user.role.can(Permission::PublishOwnContact)
            && user.user.producer_id == Some(facts.id))
        .then(|| {
            typed_contact.unwrap_or_else(|| ocop_app::market::ContactForm {
                phone: p.contact.phone.clone().unwrap_or_default(),
                zalo: p.contact.zalo.clone().unwrap_or_default(),
                website: p.contact.website.clone().unwrap_or_default(),
                publish: if p.publish_contact {
                    "1".into()
                } else {
                    String::new()
                },
            })
        }),
        personal: ocop_domain::ProducerKind::parse(&p.kind).map_or(true, |k| k.is_personal()),
    };
    Ok(page.render()?)
}

/// The producer records its business contact and whether the portal shows it.
pub async fn publish_contact(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(slug): Path<String>,
    axum::extract::Form(f): axum::extract::Form<ocop_app::market::ContactForm>,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse as _;
    user.require(Permission::PublishOwnContact)?;
    let result = ocop_app::market::set_contact(
        &state.store,
        state.clock.as_ref(),
        &super::dossiers::actor(&user),
        &slug,
        &f,
    )
    .await;
    match result {
        Ok(()) => Ok(
            axum::response::Redirect::to(&format!("/quan-tri/chu-the/{slug}#lien-he"))
                .into_response(),
        ),
        Err(ocop_app::record_error::RecordError::Field { field, message }) => {
            let key = match field {
                "zalo" => "contact_zalo",
                "website" => "contact_website",
                _ => "contact_phone",
            };
            let typed = Typed {
                contact: Some(f),
                ..Typed::default()
            };
            let html = page(
                &state,
                &user,
                &slug,
                typed,
                [(key, message)].into_iter().collect(),
            )
            .await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(WebError::service(e)),
    }
}
