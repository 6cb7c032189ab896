//! Command-line configuration of the sandbox; knows nothing about HTTP or storage.

/// Usage text printed on a command-line error.
pub const USAGE: &str = "usage: wic-sandbox [--port PORT] [--db PATH] [--demo-data] [--csp strict] [--faults] [--operator NAME]";

/// The operator shown as logged in unless `--operator` says otherwise.
pub const DEFAULT_OPERATOR: &str = "Григорьев Иван Сергеевич";

/// Parsed command line.
#[derive(Debug, Clone)]
pub struct Config {
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// SQLite database file.
    pub db: String,
    /// Seed demo data into an empty database.
    pub demo_data: bool,
    /// Send `Content-Security-Policy: script-src 'self'` on HTML pages.
    pub csp_strict: bool,
    /// Enable the fault-injection endpoint.
    pub faults: bool,
    /// Logged-in operator.
    pub operator: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 8080,
            db: "./wic-sandbox.db".into(),
            demo_data: false,
            csp_strict: false,
            faults: false,
            operator: DEFAULT_OPERATOR.into(),
        }
    }
}

impl Config {
    /// Parses arguments (without the program name).
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
        let mut c = Config::default();
        let mut it = args.into_iter();
        while let Some(a) = it.next() {
            let (flag, inline) = match a.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (a.clone(), None),
            };
            let mut value = |name: &str| -> Result<String, String> {
                inline
                    .clone()
                    .or_else(|| it.next())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match flag.as_str() {
                "--port" => {
                    let v = value("--port")?;
                    c.port = v.parse().map_err(|_| format!("bad port: {v}"))?;
                }
                "--db" => c.db = value("--db")?,
                "--demo-data" => c.demo_data = true,
                "--faults" => c.faults = true,
                "--operator" => c.operator = value("--operator")?,
                "--csp" => {
                    let v = value("--csp")?;
                    if v != "strict" {
                        return Err(format!("unknown --csp value: {v} (only `strict`)"));
                    }
                    c.csp_strict = true;
                }
                "-h" | "--help" => return Err("help".into()),
                other => return Err(format!("unknown argument: {other}")),
            }
        }
        Ok(c)
    }
}
