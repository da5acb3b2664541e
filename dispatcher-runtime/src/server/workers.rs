//! One worker per core: each a thread with its own current-thread tokio
//! runtime, its own listening socket (`SO_REUSEPORT`, so the kernel spreads
//! new connections over them), its own buffer and upstream pools. Nothing
//! crosses threads on the way of a request but the shared, read-mostly
//! [`Proxy`] (the rules, the configuration, the balancer).

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::watch;

use crate::config::Config;
use crate::proxy::Proxy;

/// How many workers: `WORKERS`, else one per core this process may use.
pub fn count(config: &Config) -> usize {
    config
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1)
}

/// The listening sockets of `workers` workers: the socket passed in
/// `LISTEN_FDS` (shared by all workers), or `LISTEN` bound once per worker.
/// More than one worker needs `SO_REUSEPORT`; one worker uses it only with
/// `REUSE_PORT` (so that a second process can take over the port).
pub fn listeners(
    config: &Config,
    inherited: Option<TcpListener>,
    workers: usize,
) -> io::Result<Vec<TcpListener>> {
    if let Some(listener) = inherited {
        listener.set_nonblocking(true)?;
        let mut all = Vec::with_capacity(workers);
        for _ in 1..workers {
            all.push(listener.try_clone()?);
        }
        all.push(listener);
        return Ok(all);
    }
    let reuse_port = config.reuse_port || workers > 1;
    let first = bind(config.listen, reuse_port)?;
    // With port 0 the first socket chose the port; the others take it too.
    let address = first.local_addr()?;
    let mut all = vec![first];
    for _ in 1..workers {
        all.push(bind(address, true)?);
    }
    Ok(all)
}

fn bind(address: SocketAddr, reuse_port: bool) -> io::Result<TcpListener> {
    let socket = match address {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    if reuse_port {
        socket.set_reuseport(true)?;
    }
    socket.bind(address)?;
    let listener = socket.listen(4096)?;
    listener.into_std()
}

/// Running workers.
pub struct Workers {
    threads: Vec<JoinHandle<io::Result<()>>>,
    stop: watch::Sender<bool>,
}

impl Workers {
    /// Starts one worker per listener. Must be called outside a runtime's
    /// worker context only in the sense that the threads build their own.
    pub fn start(proxy: Arc<Proxy>, listeners: Vec<TcpListener>) -> io::Result<Self> {
        let (stop, stopped) = watch::channel(false);
        let mut threads = Vec::with_capacity(listeners.len());
        for (index, listener) in listeners.into_iter().enumerate() {
            let proxy = Arc::clone(&proxy);
            let mut stopped = stopped.clone();
            let thread = std::thread::Builder::new()
                .name(format!("dispatcher-worker-{index}"))
                .spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    runtime.block_on(async move {
                        listener.set_nonblocking(true)?;
                        let listener = tokio::net::TcpListener::from_std(listener)?;
                        let shutdown = async move {
                            let _ = stopped.wait_for(|stop| *stop).await;
                        };
                        super::serve(proxy, listener, shutdown).await
                    })
                })?;
            threads.push(thread);
        }
        Ok(Workers { threads, stop })
    }

    /// Starts the graceful shutdown of every worker.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Waits until every worker has stopped.
    pub fn join(self) -> io::Result<()> {
        let mut result = Ok(());
        for thread in self.threads {
            match thread.join() {
                Ok(Ok(())) => {}
                Ok(Err(error)) => result = Err(error),
                Err(_) => result = Err(io::Error::other("a worker thread panicked")),
            }
        }
        result
    }
}
