//! `wic-sandbox` binary: parses the command line and runs the reference ticket system.
//! Must not know routes or storage: it parses flags and starts `lib`.
use std::io::Write;

#[tokio::main]
async fn main() {
    let args = match wic_sandbox::config::Config::parse(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("wic-sandbox: {msg}\n{}", wic_sandbox::config::USAGE);
            std::process::exit(2);
        }
    };
    let started = match wic_sandbox::start(&args).await {
        Ok(x) => x,
        Err(e) => {
            eprintln!("wic-sandbox: {e}");
            std::process::exit(1);
        }
    };
    let (listener, app) = started.site;
    let port_of = |l: &tokio::net::TcpListener, fallback: u16| {
        l.local_addr().map(|a| a.port()).unwrap_or(fallback)
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "listening on http://127.0.0.1:{}",
            port_of(&listener, args.port)
        );
        if let Some((l, _)) = &started.reports {
            let _ = writeln!(
                out,
                "reports on http://127.0.0.1:{}",
                port_of(l, args.report_port)
            );
        }
        let _ = out.flush();
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    if let Some((l, reports)) = started.reports {
        let mut rx = stop_rx;
        tokio::spawn(async move {
            let stop = async move {
                let _ = rx.wait_for(|s| *s).await;
            };
            if let Err(e) = axum::serve(l, reports).with_graceful_shutdown(stop).await {
                eprintln!("wic-sandbox: report server: {e}");
                std::process::exit(1);
            }
        });
    }
    let shutdown = async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = stop_tx.send(true);
    };
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("wic-sandbox: {e}");
        std::process::exit(1);
    }
}
