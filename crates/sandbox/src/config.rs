//! Command-line configuration of the sandbox; knows nothing about HTTP or storage.

/// Usage text printed on a command-line error.
pub const USAGE: &str = "usage: wic-sandbox [--port PORT] [--db PATH] [--demo-data] [--csp strict] [--faults] [--operator NAME] [--dialect json|classic] [--report-port PORT]";

/// The operator shown as logged in unless `--operator` says otherwise.
pub const DEFAULT_OPERATOR: &str = "Григорьев Иван Сергеевич";

/// How the site's pages look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Pages with markup convenient for the built-in profile (`profiles/wic-sandbox.json`).
    #[default]
    Json,
    /// Pages as the seed shows WIC, plus the UKSstat-like report server
    /// (`profiles/wic-classic.json`).
    Classic,
}

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
    /// Page markup: `json` (default) or `classic`.
    pub dialect: Dialect,
    /// Port of the report server (classic only; 0 = a free one).
    pub report_port: u16,
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
            dialect: Dialect::Json,
            report_port: 0,
        }
    }
}

impl Config {
    /// Parses arguments (without the program name).
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
        let mut c = Config::default();
        let mut report_port: Option<u16> = None;
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
                "--dialect" => {
                    c.dialect = match value("--dialect")?.as_str() {
                        "json" => Dialect::Json,
                        "classic" => Dialect::Classic,
                        v => return Err(format!("unknown --dialect value: {v} (json or classic)")),
                    }
                }
                "--report-port" => {
                    let v = value("--report-port")?;
                    report_port = Some(v.parse().map_err(|_| format!("bad report port: {v}"))?);
                }
                "-h" | "--help" => return Err("help".into()),
                other => return Err(format!("unknown argument: {other}")),
            }
        }
        if let Some(p) = report_port {
            if c.dialect != Dialect::Classic {
                return Err("--report-port needs --dialect classic".into());
            }
            c.report_port = p;
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        Config::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn dialect_defaults_to_json_and_report_port_needs_classic() {
        let c = parse(&[]).unwrap();
        assert_eq!((c.dialect, c.report_port), (Dialect::Json, 0));
        let c = parse(&["--dialect", "classic"]).unwrap();
        assert_eq!((c.dialect, c.report_port), (Dialect::Classic, 0));
        let c = parse(&["--dialect=classic", "--report-port", "8081"]).unwrap();
        assert_eq!((c.dialect, c.report_port), (Dialect::Classic, 8081));
        let c = parse(&["--report-port=8081", "--dialect", "classic"]).unwrap();
        assert_eq!(c.report_port, 8081);
        assert!(parse(&["--report-port", "8081"])
            .unwrap_err()
            .contains("--dialect classic"));
        assert!(parse(&["--dialect", "xml"]).unwrap_err().contains("xml"));
        assert!(parse(&["--dialect", "classic", "--report-port", "x"]).is_err());
    }
}
