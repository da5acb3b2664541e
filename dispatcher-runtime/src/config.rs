//! Configuration from the environment (`docs/design/behaviour.md` §5.1),
//! with mu-dispatcher's names and defaults where it has them.
//!
//! Every setting is declared once, as a row of [`SETTINGS`] (the `LOG_*`
//! switches as rows of [`LOG_SWITCHES`]): its variable, type, default,
//! parser and a line saying what it does. [`Config`] is read through those
//! rows, its defaults included, and `tests/tests/documentation.rs` checks
//! `docs/configuration.md` against them, so a setting cannot be added to
//! one without the other. A bad value stops start-up with a message naming
//! the variable.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

/// Everything the server and the proxy are configured with. Each field is
/// set by the row of [`SETTINGS`] named beside it, which says what it does.
#[derive(Debug, Clone)]
pub struct Config {
    /// `LISTEN`
    pub listen: SocketAddr,
    /// `REUSE_PORT` (see docs/operations.md)
    pub reuse_port: bool,
    /// `MAX_URL_LENGTH`
    pub max_url_length: usize,
    /// `MAX_HEADER_SIZE`
    pub max_header_size: usize,
    /// `MAX_RESPONSE_HEADER_SIZE`
    pub max_response_header_size: usize,
    /// `IDLE_TIMEOUT`
    pub idle_timeout: Duration,
    /// `HEADER_READ_TIMEOUT`
    pub header_read_timeout: Duration,
    /// `CONNECT_TIMEOUT`
    pub connect_timeout: Duration,
    /// `UPSTREAM_TIMEOUT`
    pub upstream_timeout: Duration,
    /// `REQUEST_BODY_TIMEOUT`
    pub request_body_timeout: Duration,
    /// `SHUTDOWN_TIMEOUT`
    pub shutdown_timeout: Duration,
    /// `TRUSTED_HOPS`
    pub trusted_hops: usize,
    /// `PATH_PREFIX`, normalized: `/api`, or empty when mounted at the root.
    pub path_prefix: String,
    /// `UPSTREAM_HOSTS`
    pub upstream_hosts: UpstreamHosts,
    /// `UPSTREAM_DNS`
    pub upstream_dns: bool,
    /// `UPSTREAM_HOSTS_FILE`
    pub upstream_hosts_file: Option<std::path::PathBuf>,
    /// `UPSTREAM_RESOLVE_INTERVAL`
    pub upstream_resolve_interval: Duration,
    /// `UPSTREAM_BACKOFF`
    pub upstream_backoff: Duration,
    /// `UPSTREAM_MAX_IDLE`
    pub upstream_max_idle: usize,
    /// `UPSTREAM_CA_FILE`, read: the certificates it holds.
    pub upstream_ca: Vec<CertificateDer<'static>>,
    /// `METRICS_LISTEN`
    pub metrics_listen: Option<SocketAddr>,
    /// `WORKERS`; `None` is one per core.
    pub workers: Option<usize>,
    /// The `LOG_*` switches that are on.
    pub log: LogSwitches,
}

/// One environment variable: its name, what its value is, its default,
/// what it does, and how it is read into [`Config`].
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub name: &'static str,
    /// The kind of value, in words (`milliseconds`, `switch`, ...).
    pub kind: &'static str,
    pub default: DefaultValue,
    /// One line: what the setting does.
    pub doc: &'static str,
    /// Reads a trimmed, non-empty value (the setting's name is passed for
    /// the rows that share one reader); `Err` says why it was refused.
    read: fn(&mut Config, &'static str, &str) -> Result<(), String>,
}

/// What applies while a variable is unset (or empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// This value, read by the setting's own parser: [`Config::default`]
    /// is made of these.
    Value(&'static str),
    /// Nothing: the feature is off or the list empty. The words say what
    /// that means, as `docs/configuration.md` writes it.
    Unset(&'static str),
}

/// Every setting but the `LOG_*` switches (those are [`LOG_SWITCHES`]), in
/// the order of `docs/configuration.md`. [`settings`] lists them all.
pub const SETTINGS: &[Setting] = &[
    // Server
    Setting {
        name: "LISTEN",
        kind: "address",
        default: DefaultValue::Value("0.0.0.0:80"),
        doc: "where to accept connections",
        read: |config, _, value| {
            config.listen = address(value, "expected an address such as 0.0.0.0:80 or [::]:80")?;
            Ok(())
        },
    },
    Setting {
        name: "REUSE_PORT",
        kind: "switch",
        default: DefaultValue::Value("false"),
        doc: "bind with SO_REUSEPORT, so that a new process can take over the port",
        read: |config, _, value| {
            config.reuse_port = switch(value)?;
            Ok(())
        },
    },
    Setting {
        name: "MAX_URL_LENGTH",
        kind: "bytes",
        default: DefaultValue::Value("10000"),
        doc: "longer request targets are answered 414",
        read: |config, _, value| {
            config.max_url_length = size(value, 1)?;
            Ok(())
        },
    },
    Setting {
        name: "MAX_HEADER_SIZE",
        kind: "bytes",
        default: DefaultValue::Value("65536"),
        doc: "a larger request head is answered 431",
        read: |config, _, value| {
            config.max_header_size = size(value, 1024)?;
            Ok(())
        },
    },
    Setting {
        name: "IDLE_TIMEOUT",
        kind: "milliseconds",
        default: DefaultValue::Value("300000"),
        doc: "a connection with no request in flight for this long is closed",
        read: |config, _, value| {
            config.idle_timeout = milliseconds(value)?;
            Ok(())
        },
    },
    Setting {
        name: "HEADER_READ_TIMEOUT",
        kind: "milliseconds",
        default: DefaultValue::Value("30000"),
        doc: "a request head must arrive within this long of the connection or its first byte",
        read: |config, _, value| {
            config.header_read_timeout = milliseconds(value)?;
            Ok(())
        },
    },
    Setting {
        name: "SHUTDOWN_TIMEOUT",
        kind: "milliseconds",
        default: DefaultValue::Value("8000"),
        doc: "how long in-flight requests may finish after SIGTERM",
        read: |config, _, value| {
            config.shutdown_timeout = milliseconds(value)?;
            Ok(())
        },
    },
    Setting {
        name: "WORKERS",
        kind: "count",
        default: DefaultValue::Unset("one per core"),
        doc: "worker threads, each with its own runtime, listening socket and upstream pool",
        read: |config, _, value| {
            config.workers = Some(size(value, 1)?);
            Ok(())
        },
    },
    Setting {
        name: "PATH_PREFIX",
        kind: "path",
        default: DefaultValue::Unset("(none)"),
        doc: "the public path the dispatcher is mounted under (`/api`), stripped before matching",
        read: |config, _, value| {
            config.path_prefix = parse_prefix(value)?;
            Ok(())
        },
    },
    Setting {
        name: "TRUSTED_HOPS",
        kind: "count",
        default: DefaultValue::Value("0"),
        doc: "how many proxies in front are trusted to have set `X-Forwarded-*`",
        read: |config, _, value| {
            config.trusted_hops = size(value, 0)?;
            Ok(())
        },
    },
    Setting {
        name: "METRICS_LISTEN",
        kind: "address",
        default: DefaultValue::Unset("(none)"),
        doc: "where to serve Prometheus metrics; off when unset",
        read: |config, _, value| {
            config.metrics_listen = Some(address(
                value,
                "expected an address such as 127.0.0.1:9100",
            )?);
            Ok(())
        },
    },
    // Upstreams
    Setting {
        name: "CONNECT_TIMEOUT",
        kind: "milliseconds",
        default: DefaultValue::Value("5000"),
        doc: "for each attempt to connect to an upstream",
        read: |config, _, value| {
            config.connect_timeout = milliseconds(value)?;
            Ok(())
        },
    },
    Setting {
        name: "UPSTREAM_TIMEOUT",
        kind: "milliseconds",
        default: DefaultValue::Value("60000"),
        doc: "from the request sent to the upstream's response head; the longest gap in its body",
        read: |config, _, value| {
            config.upstream_timeout = milliseconds(value)?;
            Ok(())
        },
    },
    Setting {
        name: "REQUEST_BODY_TIMEOUT",
        kind: "milliseconds",
        default: DefaultValue::Value("60000"),
        doc: "the longest gap between two pieces of a client's request body",
        read: |config, _, value| {
            config.request_body_timeout = milliseconds(value)?;
            Ok(())
        },
    },
    Setting {
        name: "UPSTREAM_HOSTS",
        kind: "name=address list",
        default: DefaultValue::Unset("(none)"),
        doc: "addresses for upstream host names, instead of DNS",
        read: |config, _, value| {
            config.upstream_hosts = UpstreamHosts::parse(value)?;
            Ok(())
        },
    },
    Setting {
        name: "UPSTREAM_DNS",
        kind: "switch",
        default: DefaultValue::Value("true"),
        doc: "whether names not in `UPSTREAM_HOSTS` are looked up in DNS",
        read: |config, _, value| {
            config.upstream_dns = switch(value)?;
            Ok(())
        },
    },
    Setting {
        name: "UPSTREAM_HOSTS_FILE",
        kind: "file",
        default: DefaultValue::Unset("(none)"),
        doc: "a hosts-style file of upstream addresses, read again at every re-resolution",
        read: |config, _, path| {
            std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
            config.upstream_hosts_file = Some(path.into());
            Ok(())
        },
    },
    Setting {
        name: "UPSTREAM_RESOLVE_INTERVAL",
        kind: "milliseconds",
        default: DefaultValue::Value("5000"),
        doc: "how often upstream names are resolved again",
        read: |config, _, value| {
            config.upstream_resolve_interval = milliseconds(value)?;
            Ok(())
        },
    },
    Setting {
        name: "UPSTREAM_BACKOFF",
        kind: "milliseconds",
        default: DefaultValue::Value("10000"),
        doc: "how long an address that failed to connect is benched",
        read: |config, _, value| {
            config.upstream_backoff = milliseconds(value)?;
            Ok(())
        },
    },
    Setting {
        name: "UPSTREAM_MAX_IDLE",
        kind: "count",
        default: DefaultValue::Value("256"),
        doc: "idle keep-alive connections kept per upstream address and worker (nginx's `keepalive`)",
        read: |config, _, value| {
            config.upstream_max_idle = size(value, 0)?;
            Ok(())
        },
    },
    Setting {
        name: "MAX_RESPONSE_HEADER_SIZE",
        kind: "bytes",
        default: DefaultValue::Value("65536"),
        doc: "an upstream response head larger than this is answered 502, never passed on",
        read: |config, _, value| {
            config.max_response_header_size = size(value, 8192)?;
            Ok(())
        },
    },
    Setting {
        name: "UPSTREAM_CA_FILE",
        kind: "file",
        default: DefaultValue::Unset("(none)"),
        doc: "extra certificate authorities (PEM) trusted for `https://` and `wss://` upstreams",
        read: |config, _, path| {
            config.upstream_ca = read_certificates(path)?;
            Ok(())
        },
    },
];

/// Every setting: the rows of [`SETTINGS`], then one per `LOG_*` switch.
pub fn settings() -> impl Iterator<Item = Setting> {
    SETTINGS
        .iter()
        .copied()
        .chain(LOG_SWITCHES.iter().map(|&(name, _, doc)| Setting {
            name,
            kind: "switch",
            default: DefaultValue::Value("false"),
            doc,
            read: |config, name, value| {
                if switch(value)? {
                    config.log.enabled.push(name);
                }
                Ok(())
            },
        }))
}

/// A variable that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}={value:?}: {reason}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub reason: String,
}

/// `UPSTREAM_HOSTS=resource=127.0.0.1:8081,frontend=127.0.0.1:8082,resource=127.0.0.1:8083`:
/// each name maps to one or more addresses; an address without a port
/// takes the port of the forwarded URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpstreamHosts(HashMap<String, Vec<(IpAddr, Option<u16>)>>);

impl UpstreamHosts {
    pub fn parse(value: &str) -> Result<Self, String> {
        let mut hosts: HashMap<String, Vec<(IpAddr, Option<u16>)>> = HashMap::new();
        for entry in value
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
        {
            let (name, address) = entry
                .split_once('=')
                .ok_or_else(|| format!("`{entry}` is not `name=ip` or `name=ip:port`"))?;
            let name = name.trim().to_ascii_lowercase();
            if name.is_empty() {
                return Err(format!("`{entry}` has no host name"));
            }
            let address = address.trim();
            let parsed = if let Ok(socket) = address.parse::<SocketAddr>() {
                (socket.ip(), Some(socket.port()))
            } else if let Ok(ip) = address
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
            {
                (ip, None)
            } else {
                return Err(format!(
                    "`{address}` (for {name}) is not an IP address with an optional port"
                ));
            };
            hosts.entry(name).or_default().push(parsed);
        }
        Ok(UpstreamHosts(hosts))
    }

    /// Maps `name` to `addresses`, replacing what it had.
    pub fn insert(&mut self, name: &str, addresses: Vec<SocketAddr>) {
        self.0.insert(
            name.to_ascii_lowercase(),
            addresses
                .into_iter()
                .map(|a| (a.ip(), Some(a.port())))
                .collect(),
        );
    }

    /// The addresses configured for `host`, with `port` where none was given.
    pub fn lookup(&self, host: &str, port: u16) -> Option<Vec<SocketAddr>> {
        self.0.get(host).map(|addresses| {
            addresses
                .iter()
                .map(|(ip, explicit)| SocketAddr::new(*ip, explicit.unwrap_or(port)))
                .collect()
        })
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// mu-dispatcher's `LOG_*` switches, each mapped onto a `tracing` target
/// that is then logged at debug level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogSwitches {
    pub enabled: Vec<&'static str>,
}

/// `(variable, tracing target, what it logs)`.
pub const LOG_SWITCHES: [(&str, &str, &str); 10] = [
    (
        "LOG_FRONTEND_COMMUNICATION",
        "dispatcher::frontend_communication",
        "request and response heads exchanged with clients",
    ),
    (
        "LOG_BACKEND_COMMUNICATION",
        "dispatcher::backend_communication",
        "request and response heads exchanged with upstreams",
    ),
    (
        "LOG_FRONTEND_PROCESSING",
        "dispatcher::frontend_processing",
        "how request headers are rewritten for the upstream",
    ),
    (
        "LOG_BACKEND_PROCESSING",
        "dispatcher::backend_processing",
        "how response headers are rewritten for the client",
    ),
    (
        "LOG_CONNECTION_SETUP",
        "dispatcher::connection",
        "client connections accepted and closed, upstream connections made",
    ),
    (
        "LOG_REQUEST_BODY",
        "dispatcher::request_body",
        "sizes of request body chunks",
    ),
    (
        "LOG_RESPONSE_BODY",
        "dispatcher::response_body",
        "sizes of response body chunks",
    ),
    (
        "LOG_AVAILABLE_LAYERS",
        "dispatcher::layers",
        "the layers, for each request",
    ),
    (
        "LOG_LAYER_START_PROCESSING",
        "dispatcher::layer_start",
        "each layer as matching starts on it",
    ),
    (
        "LOG_LAYER_MATCHING",
        "dispatcher::layer_matching",
        "which rule and layer matched, or that none did",
    ),
];

impl LogSwitches {
    /// `tracing_subscriber::EnvFilter` directives: `info` (or `RUST_LOG`)
    /// plus `target=debug` for each switch that is on.
    pub fn filter_directives(&self, base: Option<&str>) -> String {
        let mut directives = vec![base.unwrap_or("info").to_owned()];
        for variable in &self.enabled {
            if let Some((_, target, _)) = LOG_SWITCHES.iter().find(|(v, _, _)| v == variable) {
                directives.push(format!("{target}=debug"));
            }
        }
        directives.join(",")
    }
}

impl Default for Config {
    /// Every setting at its default, read by its own row of [`settings`].
    fn default() -> Self {
        let mut config = Config::unset();
        for setting in settings() {
            if let DefaultValue::Value(value) = setting.default {
                // A unit test reads every default, so this cannot fire in a
                // build whose tests passed.
                (setting.read)(&mut config, setting.name, value).unwrap_or_else(|reason| {
                    panic!("the default of {} is refused: {reason}", setting.name)
                });
            }
        }
        config
    }
}

impl Config {
    /// What every field holds while its setting is unset and has no default
    /// value; the fields of settings with one are overwritten by it.
    fn unset() -> Config {
        Config {
            listen: SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)),
            reuse_port: false,
            max_url_length: 0,
            max_header_size: 0,
            max_response_header_size: 0,
            idle_timeout: Duration::ZERO,
            header_read_timeout: Duration::ZERO,
            connect_timeout: Duration::ZERO,
            upstream_timeout: Duration::ZERO,
            request_body_timeout: Duration::ZERO,
            shutdown_timeout: Duration::ZERO,
            trusted_hops: 0,
            path_prefix: String::new(),
            upstream_hosts: UpstreamHosts::default(),
            upstream_dns: false,
            upstream_hosts_file: None,
            upstream_resolve_interval: Duration::ZERO,
            upstream_backoff: Duration::ZERO,
            upstream_max_idle: 0,
            upstream_ca: Vec::new(),
            metrics_listen: None,
            workers: None,
            log: LogSwitches::default(),
        }
    }

    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_vars(std::env::vars())
    }

    /// Reads configuration from `(name, value)` pairs; unknown names are
    /// ignored, and an empty value counts as unset.
    pub fn from_vars(
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars.into_iter().collect();
        let mut config = Config::default();
        for setting in settings() {
            let Some(value) = vars
                .get(setting.name)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
            else {
                continue;
            };
            (setting.read)(&mut config, setting.name, value).map_err(|reason| ConfigError {
                variable: setting.name,
                value: value.to_owned(),
                reason,
            })?;
        }
        Ok(config)
    }
}

fn address(value: &str, expected: &str) -> Result<SocketAddr, String> {
    value.parse().map_err(|_| expected.to_owned())
}

/// A whole number of at least `minimum`, as a `usize` (saturating: a
/// limit larger than memory is as good as none).
fn size(value: &str, minimum: u64) -> Result<usize, String> {
    whole_number(value, minimum).map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

fn whole_number(value: &str, minimum: u64) -> Result<u64, String> {
    let parsed: u64 = value
        .parse()
        .map_err(|_| "expected a whole number".to_owned())?;
    if parsed < minimum {
        return Err(format!("must be at least {minimum}"));
    }
    Ok(parsed)
}

/// A positive whole number of milliseconds, like mu-dispatcher's `IDLE_TIMEOUT`.
fn milliseconds(value: &str) -> Result<Duration, String> {
    whole_number(value, 1).map(Duration::from_millis)
}

/// An on/off switch: mu-dispatcher's true, yes, 1 or on, and their
/// opposites false, no, 0 or off, in any case. Anything else is refused:
/// a typo must not silently turn a switch off.
fn switch(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "on" => Ok(true),
        "false" | "no" | "0" | "off" => Ok(false),
        _ => Err("expected true, yes, 1 or on, or false, no, 0 or off".to_owned()),
    }
}

/// `/api` or `/a/b`: a path of plain segments; `/` means the root.
fn parse_prefix(value: &str) -> Result<String, &'static str> {
    let trimmed = value.trim_end_matches('/');
    if !value.starts_with('/') {
        return Err("must start with `/`, e.g. /api");
    }
    if trimmed.contains(['?', '#']) {
        return Err("a path prefix has no query or fragment");
    }
    if trimmed
        .split('/')
        .skip(1)
        .any(|segment| segment.is_empty() || segment == "." || segment == "..")
    {
        return Err("empty or dot segments are not allowed");
    }
    Ok(trimmed.to_owned())
}

fn read_certificates(path: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let iter =
        CertificateDer::pem_file_iter(path).map_err(|error| format!("cannot read it: {error}"))?;
    let certificates = iter
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| format!("not a PEM certificate file: {error}"))?;
    if certificates.is_empty() {
        return Err("holds no certificate".to_owned());
    }
    Ok(certificates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_are_mu_dispatcher_s_and_unchanged() {
        let config = Config::default();
        assert_eq!(config.listen, "0.0.0.0:80".parse().unwrap());
        assert!(!config.reuse_port);
        assert_eq!(config.max_url_length, 10_000);
        assert_eq!(config.max_header_size, 64 * 1024);
        assert_eq!(config.max_response_header_size, 64 * 1024);
        assert_eq!(config.idle_timeout, Duration::from_millis(300_000));
        assert_eq!(config.header_read_timeout, Duration::from_millis(30_000));
        assert_eq!(config.connect_timeout, Duration::from_millis(5_000));
        assert_eq!(config.upstream_timeout, Duration::from_millis(60_000));
        assert_eq!(config.request_body_timeout, Duration::from_millis(60_000));
        assert_eq!(config.shutdown_timeout, Duration::from_millis(8_000));
        assert_eq!(config.trusted_hops, 0);
        assert_eq!(config.path_prefix, "");
        assert!(config.upstream_hosts.is_empty());
        assert!(config.upstream_dns);
        assert_eq!(config.upstream_hosts_file, None);
        assert_eq!(
            config.upstream_resolve_interval,
            Duration::from_millis(5_000)
        );
        assert_eq!(config.upstream_backoff, Duration::from_millis(10_000));
        assert_eq!(config.upstream_max_idle, 256);
        assert!(config.upstream_ca.is_empty());
        assert_eq!(config.metrics_listen, None);
        assert_eq!(config.workers, None);
        assert!(config.log.enabled.is_empty());
    }

    #[test]
    fn each_setting_is_declared_once_and_reads_its_default() {
        let names: Vec<_> = settings().map(|s| s.name).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            names.len(),
            "a setting declared twice: {names:?}"
        );
        for setting in settings() {
            if let DefaultValue::Value(value) = setting.default {
                let mut config = Config::unset();
                let read = (setting.read)(&mut config, setting.name, value);
                assert_eq!(read, Ok(()), "{}={value}", setting.name);
            }
        }
    }

    #[test]
    fn values_are_read_in_milliseconds() {
        let config = Config::from_vars(vars(&[
            ("IDLE_TIMEOUT", "1500"),
            ("UPSTREAM_TIMEOUT", "250"),
            ("LISTEN", "127.0.0.1:8080"),
            ("MAX_URL_LENGTH", "20"),
        ]))
        .unwrap();
        assert_eq!(config.idle_timeout, Duration::from_millis(1500));
        assert_eq!(config.upstream_timeout, Duration::from_millis(250));
        assert_eq!(config.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(config.max_url_length, 20);
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (name, value) in [
            ("IDLE_TIMEOUT", "soon"),
            ("MAX_URL_LENGTH", "-1"),
            ("MAX_HEADER_SIZE", "100"),
            ("MAX_RESPONSE_HEADER_SIZE", "4096"),
            ("LISTEN", "localhost"),
            ("UPSTREAM_HOSTS", "resource"),
            ("UPSTREAM_HOSTS", "resource=nowhere:80"),
            ("WORKERS", "0"),
            ("UPSTREAM_MAX_IDLE", "many"),
        ] {
            let error = Config::from_vars(vars(&[(name, value)])).unwrap_err();
            assert_eq!(error.variable, name);
            assert!(
                error.to_string().starts_with(&format!("{name}=")),
                "{error}"
            );
        }
    }

    #[test]
    fn switches_take_on_and_off_words_and_refuse_anything_else() {
        let switches = ["REUSE_PORT", "UPSTREAM_DNS", "LOG_LAYER_MATCHING"];
        for (value, on) in [
            ("true", true),
            ("YES", true),
            ("1", true),
            ("On", true),
            ("false", false),
            ("No", false),
            ("0", false),
            ("OFF", false),
        ] {
            let config = Config::from_vars(vars(&[
                ("REUSE_PORT", value),
                ("UPSTREAM_DNS", value),
                ("LOG_LAYER_MATCHING", value),
            ]))
            .unwrap();
            assert_eq!(config.reuse_port, on, "{value}");
            assert_eq!(config.upstream_dns, on, "{value}");
            assert_eq!(config.log.enabled.contains(&"LOG_LAYER_MATCHING"), on);
        }
        for name in switches.into_iter().chain(LOG_SWITCHES.map(|(v, _, _)| v)) {
            for bad in ["nah", "enabled", "2", "tru"] {
                let error = Config::from_vars(vars(&[(name, bad)])).unwrap_err();
                assert_eq!(error.variable, name);
                assert_eq!(
                    error.to_string(),
                    format!("{name}={bad:?}: expected true, yes, 1 or on, or false, no, 0 or off")
                );
            }
        }
    }

    #[test]
    fn upstream_hosts_errors_show_the_port_as_optional() {
        let error = Config::from_vars(vars(&[("UPSTREAM_HOSTS", "resource")])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "UPSTREAM_HOSTS=\"resource\": `resource` is not `name=ip` or `name=ip:port`"
        );
    }

    #[test]
    fn upstream_hosts_take_several_addresses_per_name() {
        let hosts = UpstreamHosts::parse(
            "resource=127.0.0.1:8081, frontend=127.0.0.1:8082,resource=[::1]:8083,Other=10.0.0.1",
        )
        .unwrap();
        assert_eq!(
            hosts.lookup("resource", 80).unwrap(),
            vec![
                "127.0.0.1:8081".parse().unwrap(),
                "[::1]:8083".parse::<SocketAddr>().unwrap()
            ]
        );
        assert_eq!(
            hosts.lookup("other", 8080).unwrap(),
            vec!["10.0.0.1:8080".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(hosts.lookup("missing", 80), None);
    }

    #[test]
    fn path_prefixes_are_normalized_and_checked() {
        let prefix =
            |value: &str| Config::from_vars(vars(&[("PATH_PREFIX", value)])).map(|c| c.path_prefix);
        assert_eq!(prefix("/api/").unwrap(), "/api");
        assert_eq!(prefix("/a/b").unwrap(), "/a/b");
        assert_eq!(prefix("/").unwrap(), "");
        for bad in ["api", "/a//b", "/a/../b", "/a?x"] {
            assert_eq!(prefix(bad).unwrap_err().variable, "PATH_PREFIX", "{bad}");
        }
    }

    #[test]
    fn log_switches_take_mu_booleans() {
        let config = Config::from_vars(vars(&[
            ("LOG_LAYER_MATCHING", "Yes"),
            ("LOG_BACKEND_COMMUNICATION", "ON"),
            ("LOG_REQUEST_BODY", "1"),
            ("LOG_RESPONSE_BODY", "TRUE"),
            ("LOG_FRONTEND_COMMUNICATION", "false"),
            ("LOG_CONNECTION_SETUP", "Off"),
            ("LOG_AVAILABLE_LAYERS", "no"),
        ]))
        .unwrap();
        let mut enabled = config.log.enabled.clone();
        enabled.sort();
        assert_eq!(
            enabled,
            [
                "LOG_BACKEND_COMMUNICATION",
                "LOG_LAYER_MATCHING",
                "LOG_REQUEST_BODY",
                "LOG_RESPONSE_BODY"
            ]
        );
        let directives = config.log.filter_directives(None);
        assert!(directives.starts_with("info,"));
        assert!(directives.contains("dispatcher::layer_matching=debug"));
        assert!(directives.contains("dispatcher::backend_communication=debug"));
    }
}
