//! wic-sandbox: the reference ticket system (a WIC-like site over SQLite). Its business numbers come
//! from `wic-core`; it must not know anything about the extension beyond the site profile's markup.

pub mod api;
pub mod classic;
pub mod config;
pub mod db;
pub mod demo;
pub mod faults;
pub mod pages;
pub mod shared;
pub mod timefmt;

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;

use config::{Config, Dialect};
use db::Db;

/// Everything a request handler may use.
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The command line.
    pub cfg: Config,
    /// Fault injection, when enabled with `--faults`.
    pub faults: Option<faults::Faults>,
}

/// Shared state handle.
pub type State = Arc<AppState>;

/// A bound listener with the router it serves.
pub type Site = (tokio::net::TcpListener, Router);

/// What [`start`] binds: the ticket site and, in the classic dialect, the report server.
pub struct Started {
    /// The ticket site (first stdout line).
    pub site: Site,
    /// The UKSstat-like report server on its own port (classic only; second stdout line).
    pub reports: Option<Site>,
}

async fn bind(port: u16, what: &str) -> Result<tokio::net::TcpListener, String> {
    tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on {what}port {port}: {e}"))
}

/// Opens the database (seeding demo data if asked), binds the port(s) and builds the router(s).
pub async fn start(cfg: &Config) -> Result<Started, String> {
    let db = Db::open(&cfg.db).map_err(|e| format!("cannot open database {}: {e}", cfg.db))?;
    if cfg.demo_data {
        let operator = cfg.operator.clone();
        db.run(move |conn| demo::seed_if_empty(conn, &operator, timefmt::now()))
            .await
            .map_err(|e| format!("cannot seed demo data: {e}"))?;
    }
    let listener = bind(cfg.port, "").await?;
    let mut cfg = cfg.clone();
    let reports = match cfg.dialect {
        Dialect::Json => None,
        Dialect::Classic => {
            let l = bind(cfg.report_port, "report ").await?;
            if let Ok(a) = l.local_addr() {
                cfg.report_port = a.port();
            }
            Some((l, classic::reports::app(db.clone(), cfg.clone())))
        }
    };
    Ok(Started {
        site: (listener, app(db, cfg)),
        reports,
    })
}

/// The whole site as a router.
pub fn app(db: Db, cfg: Config) -> Router {
    let csp = cfg.csp_strict;
    let faults = cfg.faults.then(faults::Faults::default);
    let pages = match cfg.dialect {
        Dialect::Json => pages::routes(),
        Dialect::Classic => pages::common_routes().merge(classic::routes()),
    };
    let state: State = Arc::new(AppState { db, cfg, faults });
    Router::new()
        .merge(api::routes())
        .merge(pages)
        .merge(faults::routes())
        .with_state(state)
        .layer(middleware::from_fn(
            move |req: Request, next: Next| async move {
                let mut res: Response = next.run(req).await;
                let is_html = res
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with("text/html"));
                if csp && is_html {
                    res.headers_mut().insert(
                        header::CONTENT_SECURITY_POLICY,
                        HeaderValue::from_static("script-src 'self'"),
                    );
                }
                res
            },
        ))
}
