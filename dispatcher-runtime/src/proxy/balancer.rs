//! Which address of an upstream name a request goes to
//! (docs/design/behaviour.md §4.3).
//!
//! A name's addresses come from `UPSTREAM_HOSTS`, else from
//! `UPSTREAM_HOSTS_FILE` (a hosts-style file), else from DNS (when
//! `UPSTREAM_DNS` is on); the file and DNS are consulted again every
//! `UPSTREAM_RESOLVE_INTERVAL`, so replicas that appear or vanish are picked
//! up without a restart. Requests take the addresses in turn (round robin):
//! docker-compose replicas are alike, so an even spread is what they need.
//! An address that refuses connections or does not answer the connect is
//! benched for `UPSTREAM_BACKOFF`; while every address is benched they are
//! all tried anyway, the earliest to recover first.
//!
//! What is known of a name is shared by the workers; each worker orders
//! its requests from a [`View`] of its own (the addresses as last seen,
//! its own turn), so that the usual request writes no memory another
//! worker uses (one worker per core, docs/design/behaviour.md §3): it
//! reads the name's `generation` and `any_benched`, which change only when
//! the addresses are found again or an address is benched.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use smallvec::SmallVec;
use thread_local::ThreadLocal;

use super::failure::ConnectError;
use crate::config::{Config, UpstreamHosts};

/// The addresses of one name, in the order a request tries them.
pub type Addresses = SmallVec<[SocketAddr; 4]>;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Addresses of upstream names, with their health.
pub struct Balancer {
    hosts: UpstreamHosts,
    hosts_file: Option<PathBuf>,
    dns: bool,
    resolve_interval: Duration,
    backoff: Duration,
    /// By host, then port: looked up with a borrowed host, no allocation
    /// (and a fast hash: the names come from the rules, not from clients).
    names: Mutex<FastMap<String, FastMap<u16, Arc<Name>>>>,
    /// Each worker thread's views of the names it sent requests to, by
    /// host, then port.
    views: ThreadLocal<RefCell<FastMap<String, FastMap<u16, View>>>>,
}

/// What is known of one `host:port`.
struct Name {
    addresses: RwLock<Resolved>,
    /// Counts the changes to `addresses` (found again, or kept after a
    /// failed lookup): a [`View`] older than this is taken anew.
    generation: AtomicU64,
    /// Where a new view starts its turns, so that workers do not all
    /// begin with the first address.
    next: AtomicUsize,
    /// Addresses benched until the instant given.
    benched: Mutex<HashMap<SocketAddr, Instant>>,
    /// `benched` is not empty: read without its lock on every request,
    /// set and cleared under it.
    any_benched: AtomicBool,
    /// A refresh is under way (only one at a time).
    refreshing: Mutex<bool>,
}

struct Resolved {
    addresses: Vec<SocketAddr>,
    at: Instant,
    /// Static (`UPSTREAM_HOSTS`, IP literals): never re-resolved.
    fixed: bool,
}

/// One worker's view of a [`Name`]: its addresses as of `generation`, and
/// the worker's own round-robin turn.
struct View {
    name: Arc<Name>,
    generation: u64,
    addresses: Addresses,
    /// When the addresses were found, if they can go stale.
    found: Option<Instant>,
    turn: usize,
}

impl View {
    fn new(name: Arc<Name>) -> View {
        let turn = name.next.fetch_add(1, Ordering::Relaxed);
        let mut view = View {
            name,
            generation: 0,
            addresses: Addresses::new(),
            found: None,
            turn,
        };
        view.take_addresses();
        view
    }

    /// Takes the name's addresses as they are now. The generation is read
    /// first: a change made meanwhile leaves this view older than the name,
    /// and the next request takes them again.
    fn take_addresses(&mut self) {
        self.generation = self.name.generation.load(Ordering::Acquire);
        if let Ok(resolved) = self.name.addresses.read() {
            self.addresses = resolved.addresses.iter().copied().collect();
            self.found = (!resolved.fixed).then_some(resolved.at);
        }
    }
}

impl Balancer {
    pub fn new(config: &Config) -> Self {
        Balancer {
            hosts: config.upstream_hosts.clone(),
            hosts_file: config.upstream_hosts_file.clone(),
            dns: config.upstream_dns,
            resolve_interval: config.upstream_resolve_interval,
            backoff: config.upstream_backoff,
            names: Mutex::new(FastMap::default()),
            views: ThreadLocal::new(),
        }
    }

    /// The addresses of `host:port` in the order this request should try
    /// them, when the name is known already (the usual case: no await).
    pub fn known_order(
        self: &Arc<Self>,
        host: &str,
        port: u16,
    ) -> Option<Result<Addresses, ConnectError>> {
        let mut views = self.views.get_or_default().borrow_mut();
        let view = match views.get_mut(host).and_then(|ports| ports.get_mut(&port)) {
            Some(view) => view,
            None => {
                let view = View::new(self.existing(host, port)?);
                views
                    .entry(host.to_owned())
                    .or_default()
                    .entry(port)
                    .or_insert(view)
            }
        };
        Some(self.order_of(view, host, port))
    }

    /// The addresses of `host:port` in the order this request should try
    /// them, resolving the name first if it is new.
    pub async fn order(self: &Arc<Self>, host: &str, port: u16) -> Result<Addresses, ConnectError> {
        self.name(host, port).await?;
        self.known_order(host, port).unwrap_or_else(|| {
            Err(ConnectError::NoAddress {
                host: host.to_owned(),
            })
        })
    }

    fn order_of(
        self: &Arc<Self>,
        view: &mut View,
        host: &str,
        port: u16,
    ) -> Result<Addresses, ConnectError> {
        if view.name.generation.load(Ordering::Acquire) != view.generation {
            view.take_addresses();
        }
        if view
            .found
            .is_some_and(|found| found.elapsed() >= self.resolve_interval)
        {
            self.refresh_in_background(Arc::clone(&view.name), host.to_owned(), port);
        }
        if view.addresses.is_empty() {
            return Err(ConnectError::NoAddress {
                host: host.to_owned(),
            });
        }
        let addresses = view.addresses.clone();
        let turn = view.turn;
        view.turn = view.turn.wrapping_add(1);
        let name = &view.name;
        let benched = match name
            .any_benched
            .load(Ordering::Relaxed)
            .then(|| name.benched.lock())
        {
            Some(Ok(benched)) if !benched.is_empty() => benched.clone(),
            // Nothing benched, the usual case: plain round robin.
            _ => {
                let mut order = addresses;
                let start = turn % order.len();
                order.rotate_left(start);
                return Ok(order);
            }
        };
        let now = Instant::now();
        let (healthy, mut resting): (Addresses, Addresses) = addresses
            .into_iter()
            .partition(|address| benched.get(address).is_none_or(|until| *until <= now));
        // Round robin over the healthy addresses, so a benched one's turns
        // are shared by all the others, not handed to its neighbour.
        let mut order: Addresses = if healthy.is_empty() {
            Addresses::new()
        } else {
            let start = turn % healthy.len();
            healthy
                .iter()
                .cycle()
                .skip(start)
                .take(healthy.len())
                .copied()
                .collect()
        };
        resting.sort_by_key(|address| benched.get(address).copied());
        order.extend(resting);
        Ok(order)
    }

    /// `address` of `host:port` failed to connect: bench it.
    pub fn bench(&self, host: &str, port: u16, address: SocketAddr) {
        if let Some(name) = self.existing(host, port)
            && let Ok(mut benched) = name.benched.lock()
        {
            benched.insert(address, Instant::now() + self.backoff);
            name.any_benched.store(true, Ordering::Relaxed);
            tracing::warn!(
                target: "dispatcher::connection",
                upstream = %host, %address, backoff_ms = self.backoff.as_millis() as u64,
                "upstream address benched"
            );
        }
    }

    /// `address` of `host:port` connected: it is healthy again.
    pub fn healthy(&self, host: &str, port: u16, address: SocketAddr) {
        if let Some(name) = self.existing(host, port)
            && let Ok(mut benched) = name.benched.lock()
            && benched.remove(&address).is_some()
        {
            name.any_benched
                .store(!benched.is_empty(), Ordering::Relaxed);
            tracing::info!(target: "dispatcher::connection", upstream = %host, %address, "upstream address back");
        }
    }

    /// The addresses of `host:port` currently benched (for tests and metrics).
    pub fn benched(&self, host: &str, port: u16) -> Vec<SocketAddr> {
        let now = Instant::now();
        self.existing(host, port)
            .and_then(|name| {
                name.benched.lock().ok().map(|b| {
                    b.iter()
                        .filter(|(_, until)| **until > now)
                        .map(|(a, _)| *a)
                        .collect()
                })
            })
            .unwrap_or_default()
    }

    fn existing(&self, host: &str, port: u16) -> Option<Arc<Name>> {
        self.names.lock().ok()?.get(host)?.get(&port).cloned()
    }

    async fn name(&self, host: &str, port: u16) -> Result<Arc<Name>, ConnectError> {
        if let Some(name) = self.existing(host, port) {
            return Ok(name);
        }
        let resolved = self.resolve(host, port).await?;
        let name = Arc::new(Name {
            addresses: RwLock::new(resolved),
            generation: AtomicU64::new(0),
            next: AtomicUsize::new(0),
            benched: Mutex::new(HashMap::new()),
            any_benched: AtomicBool::new(false),
            refreshing: Mutex::new(false),
        });
        let mut names = self.names.lock().map_err(|_| ConnectError::NoAddress {
            host: host.to_owned(),
        })?;
        Ok(Arc::clone(
            names
                .entry(host.to_owned())
                .or_default()
                .entry(port)
                .or_insert(name),
        ))
    }

    fn refresh_in_background(self: &Arc<Self>, name: Arc<Name>, host: String, port: u16) {
        match name.refreshing.lock() {
            Ok(mut busy) if !*busy => *busy = true,
            _ => return,
        }
        let balancer = Arc::clone(self);
        tokio::spawn(async move {
            let fresh = balancer.resolve(&host, port).await;
            if let Ok(mut resolved) = name.addresses.write() {
                match fresh {
                    Ok(fresh) => {
                        if fresh.addresses != resolved.addresses {
                            tracing::info!(
                                target: "dispatcher::connection",
                                upstream = %host, addresses = ?fresh.addresses, "upstream addresses changed"
                            );
                        }
                        *resolved = fresh;
                    }
                    // Keep serving the addresses known; try again next interval.
                    Err(error) => {
                        tracing::warn!(target: "dispatcher::connection", upstream = %host, %error, "re-resolving failed");
                        resolved.at = Instant::now();
                    }
                }
                // Every worker's view takes the change at its next request.
                name.generation.fetch_add(1, Ordering::Release);
            }
            if let Ok(mut busy) = name.refreshing.lock() {
                *busy = false;
            }
        });
    }

    async fn resolve(&self, host: &str, port: u16) -> Result<Resolved, ConnectError> {
        let fixed = |addresses| {
            Ok(Resolved {
                addresses,
                at: Instant::now(),
                fixed: true,
            })
        };
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return fixed(vec![SocketAddr::new(ip, port)]);
        }
        if let Some(addresses) = self.hosts.lookup(host, port) {
            return fixed(addresses);
        }
        let resolved = |addresses| {
            Ok(Resolved {
                addresses,
                at: Instant::now(),
                fixed: false,
            })
        };
        if let Some(file) = &self.hosts_file {
            let contents =
                tokio::fs::read_to_string(file)
                    .await
                    .map_err(|source| ConnectError::Resolve {
                        host: host.to_owned(),
                        source,
                    })?;
            let addresses = hosts_file_lookup(&contents, host, port);
            if !addresses.is_empty() {
                return resolved(addresses);
            }
        }
        if !self.dns {
            return Err(ConnectError::Resolve {
                host: host.to_owned(),
                source: io::Error::new(
                    io::ErrorKind::NotFound,
                    "not in UPSTREAM_HOSTS, and UPSTREAM_DNS is off",
                ),
            });
        }
        let addresses: Vec<SocketAddr> = tokio::net::lookup_host((bare, port))
            .await
            .map_err(|source| ConnectError::Resolve {
                host: host.to_owned(),
                source,
            })?
            .collect();
        if addresses.is_empty() {
            return Err(ConnectError::NoAddress {
                host: host.to_owned(),
            });
        }
        resolved(addresses)
    }
}

/// The addresses a hosts-style file gives `host`: lines `ADDRESS NAME...`,
/// `#` comments; ADDRESS may carry a port (`127.0.0.1:8081 resource`),
/// which then wins over the URL's.
pub fn hosts_file_lookup(contents: &str, host: &str, port: u16) -> Vec<SocketAddr> {
    contents
        .lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let address = fields.next()?;
            fields
                .any(|name| name.eq_ignore_ascii_case(host))
                .then_some(address)
        })
        .filter_map(|address| {
            address.parse::<SocketAddr>().ok().or_else(|| {
                address
                    .parse::<IpAddr>()
                    .ok()
                    .map(|ip| SocketAddr::new(ip, port))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_files_give_every_address_of_a_name() {
        let file = "# replicas\n127.0.0.1:8081 resource\n127.0.0.1:8082 Resource other\n10.0.0.7 resource\n\n::1 frontend";
        assert_eq!(
            hosts_file_lookup(file, "resource", 80),
            vec![
                "127.0.0.1:8081".parse::<SocketAddr>().unwrap(),
                "127.0.0.1:8082".parse().unwrap(),
                "10.0.0.7:80".parse().unwrap(),
            ]
        );
        assert_eq!(
            hosts_file_lookup(file, "frontend", 3000),
            vec!["[::1]:3000".parse::<SocketAddr>().unwrap()]
        );
        assert!(hosts_file_lookup(file, "missing", 80).is_empty());
    }

    fn balancer(hosts: &str) -> Arc<Balancer> {
        let config = Config::from_vars([
            ("UPSTREAM_HOSTS".to_owned(), hosts.to_owned()),
            ("UPSTREAM_BACKOFF".to_owned(), "60000".to_owned()),
        ])
        .unwrap();
        Arc::new(Balancer::new(&config))
    }

    #[tokio::test]
    async fn requests_take_the_addresses_in_turn_and_skip_benched_ones() {
        let balancer = balancer("r=127.0.0.1:1,r=127.0.0.1:2,r=127.0.0.1:3");
        let mut firsts = Vec::new();
        for _ in 0..6 {
            firsts.push(balancer.order("r", 80).await.unwrap()[0].port());
        }
        assert_eq!(firsts, [1, 2, 3, 1, 2, 3]);
        balancer.bench("r", 80, "127.0.0.1:2".parse().unwrap());
        for _ in 0..4 {
            let order = balancer.order("r", 80).await.unwrap();
            assert_ne!(order[0].port(), 2, "a benched address is tried last");
            assert_eq!(order.last().unwrap().port(), 2);
        }
        balancer.healthy("r", 80, "127.0.0.1:2".parse().unwrap());
        assert!(balancer.benched("r", 80).is_empty());
    }

    #[test]
    fn each_worker_takes_its_own_turns_starting_one_further() {
        let balancer = balancer("r=127.0.0.1:1,r=127.0.0.1:2,r=127.0.0.1:3");
        // The name becomes known (resolved) on this thread.
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(balancer.order("r", 80))
            .unwrap();
        let firsts_on_a_worker = |count: usize| {
            let balancer = Arc::clone(&balancer);
            std::thread::spawn(move || {
                (0..count)
                    .map(|_| balancer.known_order("r", 80).unwrap().unwrap()[0].port())
                    .collect::<Vec<_>>()
            })
            .join()
            .unwrap()
        };
        // This thread's view started at turn 0; the next worker's at 1, the
        // one after at 2: each then goes round on its own.
        assert_eq!(firsts_on_a_worker(4), [2, 3, 1, 2]);
        assert_eq!(firsts_on_a_worker(4), [3, 1, 2, 3]);
        let here: Vec<u16> = (0..3)
            .map(|_| balancer.known_order("r", 80).unwrap().unwrap()[0].port())
            .collect();
        assert_eq!(here, [2, 3, 1], "this thread's turn went on where it was");
    }

    #[tokio::test]
    async fn views_take_the_addresses_found_again() {
        let file = std::env::temp_dir().join(format!(
            "dispatcher-balancer-views-{}.hosts",
            std::process::id()
        ));
        std::fs::write(&file, "127.0.0.1:1 r\n").unwrap();
        let config = Config::from_vars([
            ("UPSTREAM_HOSTS_FILE".to_owned(), file.display().to_string()),
            ("UPSTREAM_RESOLVE_INTERVAL".to_owned(), "1".to_owned()),
        ])
        .unwrap();
        let balancer = Arc::new(Balancer::new(&config));
        let ports = |order: Addresses| order.iter().map(|a| a.port()).collect::<Vec<_>>();
        assert_eq!(ports(balancer.order("r", 80).await.unwrap()), [1]);
        std::fs::write(&file, "127.0.0.1:2 r\n127.0.0.1:3 r\n").unwrap();
        // Stale after 1 ms: a request starts the lookup and goes out with
        // what its view holds; once the lookup is done, the next takes the
        // new addresses.
        let mut seen = Vec::new();
        for _ in 0..200 {
            tokio::time::sleep(Duration::from_millis(2)).await;
            let order = ports(balancer.known_order("r", 80).unwrap().unwrap());
            if order != [1] {
                seen = order;
                break;
            }
        }
        std::fs::remove_file(&file).unwrap();
        seen.sort_unstable();
        assert_eq!(seen, [2, 3], "the view took the addresses found again");
    }

    #[tokio::test]
    async fn when_every_address_is_benched_all_are_still_tried() {
        let balancer = balancer("r=127.0.0.1:1,r=127.0.0.1:2");
        balancer.order("r", 80).await.unwrap();
        balancer.bench("r", 80, "127.0.0.1:2".parse().unwrap());
        balancer.bench("r", 80, "127.0.0.1:1".parse().unwrap());
        let order = balancer.order("r", 80).await.unwrap();
        assert_eq!(
            order.iter().map(|a| a.port()).collect::<Vec<_>>(),
            [2, 1],
            "earliest to recover first"
        );
    }
}
