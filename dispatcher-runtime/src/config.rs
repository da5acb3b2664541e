//! Configuration from the environment (SPEC §5.1), with mu-dispatcher's
//! names and defaults where it has them. A bad value stops start-up with a
//! message naming the variable; see `docs/configuration.md`.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

/// Everything the server and the proxy are configured with.
#[derive(Debug, Clone)]
pub struct Config {
    /// `LISTEN`: where to accept connections.
    pub listen: SocketAddr,
    /// `REUSE_PORT`: bind with SO_REUSEPORT, so that a new process can take
    /// over the port while this one drains (see docs/operations.md).
    pub reuse_port: bool,
    /// `MAX_URL_LENGTH`: longer request targets are answered with 414.
    pub max_url_length: usize,
    /// `MAX_HEADER_SIZE`: a larger request head is answered with 431.
    pub max_header_size: usize,
    /// `MAX_RESPONSE_HEADER_SIZE`: an upstream response head larger than
    /// this is answered 502, never passed on.
    pub max_response_header_size: usize,
    /// `IDLE_TIMEOUT`: a connection with no request in flight for this long is closed.
    pub idle_timeout: Duration,
    /// `HEADER_READ_TIMEOUT`: a request head must arrive within this long
    /// of the connection opening or of its first byte.
    pub header_read_timeout: Duration,
    /// `CONNECT_TIMEOUT`: for each attempt to connect to an upstream.
    pub connect_timeout: Duration,
    /// `UPSTREAM_TIMEOUT`: from sending the request to the upstream's
    /// response head, and the longest gap between two pieces of its body.
    pub upstream_timeout: Duration,
    /// `REQUEST_BODY_TIMEOUT`: the longest gap between two pieces of a
    /// client's request body.
    pub request_body_timeout: Duration,
    /// `SHUTDOWN_TIMEOUT`: how long in-flight requests may finish after SIGTERM.
    pub shutdown_timeout: Duration,
    /// `TRUSTED_HOPS`: how many proxies in front of the dispatcher are
    /// trusted to have set `X-Forwarded-*` (0: none, replace them all).
    pub trusted_hops: usize,
    /// `PATH_PREFIX`: the public path the dispatcher is mounted under
    /// (`/api`), stripped before matching; empty when mounted at the root.
    pub path_prefix: String,
    /// `UPSTREAM_HOSTS`: addresses for upstream host names, instead of DNS.
    pub upstream_hosts: UpstreamHosts,
    /// `UPSTREAM_DNS`: whether names not in `UPSTREAM_HOSTS` are looked up in DNS.
    pub upstream_dns: bool,
    /// `UPSTREAM_HOSTS_FILE`: a hosts-style file of upstream addresses, read
    /// again at every re-resolution.
    pub upstream_hosts_file: Option<std::path::PathBuf>,
    /// `UPSTREAM_RESOLVE_INTERVAL`: how often names are resolved again.
    pub upstream_resolve_interval: Duration,
    /// `UPSTREAM_BACKOFF`: how long an address that failed to connect is benched.
    pub upstream_backoff: Duration,
    /// `UPSTREAM_MAX_IDLE`: idle keep-alive connections kept per upstream
    /// address (nginx's `keepalive`); more are closed once idle.
    pub upstream_max_idle: usize,
    /// `UPSTREAM_CA_FILE`: extra certificate authorities (PEM) trusted for
    /// `https://` and `wss://` upstreams, besides the webpki roots.
    pub upstream_ca: Vec<CertificateDer<'static>>,
    /// `METRICS_LISTEN`: where to serve Prometheus metrics; off when unset.
    pub metrics_listen: Option<SocketAddr>,
    /// `WORKERS`: threads of the async runtime (default: one per core).
    pub workers: Option<usize>,
    /// The `LOG_*` switches that are on.
    pub log: LogSwitches,
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
        "dispatcher::frontend",
        "request and response heads exchanged with clients",
    ),
    (
        "LOG_BACKEND_COMMUNICATION",
        "dispatcher::backend",
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
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([0, 0, 0, 0], 80)),
            reuse_port: false,
            max_url_length: 10_000,
            max_header_size: 64 * 1024,
            max_response_header_size: 64 * 1024,
            idle_timeout: Duration::from_millis(300_000),
            header_read_timeout: Duration::from_millis(30_000),
            connect_timeout: Duration::from_millis(5_000),
            upstream_timeout: Duration::from_millis(60_000),
            request_body_timeout: Duration::from_millis(60_000),
            shutdown_timeout: Duration::from_millis(8_000),
            trusted_hops: 0,
            path_prefix: String::new(),
            upstream_hosts: UpstreamHosts::default(),
            upstream_dns: true,
            upstream_hosts_file: None,
            upstream_resolve_interval: Duration::from_millis(5_000),
            upstream_backoff: Duration::from_millis(10_000),
            upstream_max_idle: 256,
            upstream_ca: Vec::new(),
            metrics_listen: None,
            workers: None,
            log: LogSwitches::default(),
        }
    }
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_vars(std::env::vars())
    }

    /// Reads configuration from `(name, value)` pairs; unknown names are ignored.
    pub fn from_vars(
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars.into_iter().collect();
        let mut config = Config::default();
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let error = |variable: &'static str, value: &str, reason: &str| ConfigError {
            variable,
            value: value.to_owned(),
            reason: reason.to_owned(),
        };

        if let Some(value) = get("LISTEN") {
            config.listen = value.parse().map_err(|_| {
                error(
                    "LISTEN",
                    value,
                    "expected an address such as 0.0.0.0:80 or [::]:80",
                )
            })?;
        }
        if let Some(value) = get("METRICS_LISTEN") {
            config.metrics_listen = Some(value.parse().map_err(|_| {
                error(
                    "METRICS_LISTEN",
                    value,
                    "expected an address such as 127.0.0.1:9100",
                )
            })?);
        }
        let number = |variable: &'static str, minimum: u64| -> Result<Option<u64>, ConfigError> {
            let Some(value) = get(variable) else {
                return Ok(None);
            };
            let parsed: u64 = value
                .parse()
                .map_err(|_| error(variable, value, "expected a whole number"))?;
            if parsed < minimum {
                return Err(error(
                    variable,
                    value,
                    &format!("must be at least {minimum}"),
                ));
            }
            Ok(Some(parsed))
        };
        let to_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        if let Some(n) = number("MAX_URL_LENGTH", 1)? {
            config.max_url_length = to_usize(n);
        }
        if let Some(n) = number("MAX_HEADER_SIZE", 1024)? {
            config.max_header_size = to_usize(n);
        }
        if let Some(n) = number("MAX_RESPONSE_HEADER_SIZE", 8192)? {
            config.max_response_header_size = to_usize(n);
        }
        for (variable, slot) in [
            ("IDLE_TIMEOUT", &mut config.idle_timeout),
            ("HEADER_READ_TIMEOUT", &mut config.header_read_timeout),
            ("CONNECT_TIMEOUT", &mut config.connect_timeout),
            ("UPSTREAM_TIMEOUT", &mut config.upstream_timeout),
            ("REQUEST_BODY_TIMEOUT", &mut config.request_body_timeout),
            ("SHUTDOWN_TIMEOUT", &mut config.shutdown_timeout),
            (
                "UPSTREAM_RESOLVE_INTERVAL",
                &mut config.upstream_resolve_interval,
            ),
            ("UPSTREAM_BACKOFF", &mut config.upstream_backoff),
        ] {
            if let Some(ms) = number(variable, 1)? {
                *slot = Duration::from_millis(ms);
            }
        }
        if let Some(n) = number("TRUSTED_HOPS", 0)? {
            config.trusted_hops = to_usize(n);
        }
        if let Some(value) = get("PATH_PREFIX") {
            config.path_prefix =
                parse_prefix(value).map_err(|reason| error("PATH_PREFIX", value, reason))?;
        }
        if let Some(n) = number("UPSTREAM_MAX_IDLE", 0)? {
            config.upstream_max_idle = to_usize(n);
        }
        if let Some(n) = number("WORKERS", 1)? {
            config.workers = Some(to_usize(n));
        }
        if let Some(value) = get("UPSTREAM_HOSTS") {
            config.upstream_hosts = UpstreamHosts::parse(value)
                .map_err(|reason| error("UPSTREAM_HOSTS", value, &reason))?;
        }
        if let Some(path) = get("UPSTREAM_HOSTS_FILE") {
            std::fs::read_to_string(path)
                .map_err(|e| error("UPSTREAM_HOSTS_FILE", path, &format!("cannot read it: {e}")))?;
            config.upstream_hosts_file = Some(path.into());
        }
        if let Some(path) = get("UPSTREAM_CA_FILE") {
            config.upstream_ca = read_certificates(path)
                .map_err(|reason| error("UPSTREAM_CA_FILE", path, &reason))?;
        }
        let switch = |variable: &'static str| -> Result<Option<bool>, ConfigError> {
            get(variable)
                .map(|value| {
                    parse_switch(value).ok_or_else(|| {
                        error(
                            variable,
                            value,
                            "expected true, yes, 1 or on, or false, no, 0 or off",
                        )
                    })
                })
                .transpose()
        };
        if let Some(on) = switch("REUSE_PORT")? {
            config.reuse_port = on;
        }
        if let Some(on) = switch("UPSTREAM_DNS")? {
            config.upstream_dns = on;
        }
        for (variable, _, _) in LOG_SWITCHES {
            if switch(variable)? == Some(true) {
                config.log.enabled.push(variable);
            }
        }
        Ok(config)
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

/// An on/off switch: mu-dispatcher's true, yes, 1 or on, and their
/// opposites false, no, 0 or off, in any case. Anything else is `None`:
/// a typo must not silently turn a switch off.
fn parse_switch(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "on" => Some(true),
        "false" | "no" | "0" | "off" => Some(false),
        _ => None,
    }
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
    fn defaults_follow_mu_dispatcher() {
        let config = Config::from_vars(vars(&[])).unwrap();
        assert_eq!(config.max_url_length, 10_000);
        assert_eq!(config.idle_timeout, Duration::from_millis(300_000));
        assert_eq!(config.listen, "0.0.0.0:80".parse().unwrap());
        assert_eq!(config.max_response_header_size, 65_536);
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
        assert!(directives.contains("dispatcher::backend=debug"));
    }
}
