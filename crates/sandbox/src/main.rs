//! `wic-sandbox` binary: parses the command line and runs the reference ticket system.
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
    let (listener, app) = match wic_sandbox::start(&args).await {
        Ok(x) => x,
        Err(e) => {
            eprintln!("wic-sandbox: {e}");
            std::process::exit(1);
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(args.port);
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://127.0.0.1:{port}");
        let _ = out.flush();
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("wic-sandbox: {e}");
        std::process::exit(1);
    }
}
