//! `serve` (and `demo`): run the proxy until SIGTERM or SIGINT.

use std::future::Future;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

use crate::Dispatcher;
use crate::config::Config;
use crate::log;
use crate::proxy::Proxy;
use crate::server::workers;

#[derive(Args, Default)]
pub struct ServeArgs {
    /// Address to listen on; overrides LISTEN (default 0.0.0.0:80).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
}

/// Reads the configuration, or says which variable is wrong.
pub fn config(listen: Option<SocketAddr>) -> Result<Config, ExitCode> {
    let mut config = Config::from_env().map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::from(2)
    })?;
    if let Some(listen) = listen {
        config.listen = listen;
    }
    Ok(config)
}

/// Logs go to standard error through the log writer, a thread of its own,
/// so that a reader who falls behind never blocks serving
/// (docs/configuration.md, Logging).
pub fn init_tracing(config: &Config) {
    let base = std::env::var("RUST_LOG").ok();
    let filter = EnvFilter::try_new(config.log.filter_directives(base.as_deref()))
        .unwrap_or_else(|_| EnvFilter::new(config.log.filter_directives(None)));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi);
    match log::LogWriter::spawn(std::io::stderr(), log::CAPACITY) {
        Ok(writer) => {
            log::install(writer.clone(), !ansi);
            let _ = builder.with_writer(writer).try_init();
        }
        Err(error) => {
            eprintln!(
                "warning: cannot start the log writer ({error}); logging to standard error directly"
            );
            let _ = builder.with_writer(std::io::stderr).try_init();
        }
    }
}

/// How long the end of the process waits for the last log lines.
pub const FINAL_FLUSH: Duration = Duration::from_secs(1);

/// The runtime of the main thread: signals, the metrics listener, the
/// demo's upstreams. Requests are served by the workers' own runtimes.
pub fn runtime(_config: &Config) -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| {
            eprintln!("error: cannot start the runtime: {error}");
            ExitCode::FAILURE
        })
}

pub fn run(dispatcher: &'static Dispatcher, args: &ServeArgs) -> ExitCode {
    let config = match config(args.listen) {
        Ok(config) => config,
        Err(code) => return code,
    };
    init_tracing(&config);
    let inherited = match inherited_listener() {
        Ok(inherited) => inherited,
        Err(error) => {
            log::flush(FINAL_FLUSH);
            eprintln!("error: the socket passed in LISTEN_FDS is not usable: {error}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match runtime(&config) {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let code = runtime.block_on(serve_until_signal(
        dispatcher,
        config,
        inherited,
        |_| async {},
    ));
    drop(runtime);
    log::flush(FINAL_FLUSH);
    code
}

/// A socket passed by systemd socket activation (`LISTEN_FDS`), if any.
/// Read before the runtime starts: it clears the variables it reads.
fn inherited_listener() -> std::io::Result<Option<std::net::TcpListener>> {
    listenfd::ListenFd::from_env().take_tcp_listener(0)
}

/// Binds, runs `before` with the bound address (the demo prints its banner
/// there), serves until a signal.
pub async fn serve_until_signal<F: Future<Output = ()>>(
    dispatcher: &'static Dispatcher,
    config: Config,
    inherited: Option<std::net::TcpListener>,
    before: impl FnOnce(SocketAddr) -> F,
) -> ExitCode {
    let signal = match shutdown_signal() {
        Ok(signal) => signal,
        Err(error) => {
            eprintln!("error: cannot install the SIGTERM/SIGINT handlers: {error}");
            return ExitCode::FAILURE;
        }
    };
    let from_systemd = inherited.is_some();
    let workers = workers::count(&config);
    let listeners = match workers::listeners(&config, inherited, workers) {
        Ok(listeners) => listeners,
        Err(error) => {
            eprintln!(
                "error: cannot listen on {} (LISTEN): {error}",
                config.listen
            );
            return ExitCode::FAILURE;
        }
    };
    let Some(address) = listeners
        .first()
        .and_then(|listener| listener.local_addr().ok())
    else {
        eprintln!("error: the listening socket has no address");
        return ExitCode::FAILURE;
    };
    if from_systemd {
        tracing::info!(target: "dispatcher::server", "using the listening socket passed in LISTEN_FDS");
    }
    before(address).await;
    let metrics_listener = match config.metrics_listen {
        Some(address) => match TcpListener::bind(address).await {
            Ok(listener) => Some(listener),
            Err(error) => {
                eprintln!("error: cannot listen on {address} (METRICS_LISTEN): {error}");
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let proxy = match Proxy::new(dispatcher, config) {
        Ok(proxy) => Arc::new(proxy),
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let (Some(listener), Some(metrics)) = (metrics_listener, &proxy.metrics) {
        tokio::spawn(crate::metrics::serve_admin(Arc::clone(metrics), listener));
    }
    let running = match workers::Workers::start(Arc::clone(&proxy), listeners) {
        Ok(running) => running,
        Err(error) => {
            eprintln!("error: cannot start the workers: {error}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(target: "dispatcher::server", workers, %address, "listening");
    signal.await;
    tracing::info!(target: "dispatcher::server", "shutting down: no longer accepting");
    running.stop();
    match tokio::task::spawn_blocking(move || running.join()).await {
        Ok(Ok(())) => {
            tracing::info!(target: "dispatcher::server", "stopped");
            ExitCode::SUCCESS
        }
        Ok(Err(error)) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// SIGTERM (docker stop, systemd) or SIGINT (Ctrl-C). The handlers are
/// installed here, before the port is bound, so a signal sent as soon as the
/// server says it is listening is never missed.
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => tracing::info!(target: "dispatcher::server", "SIGTERM received"),
            _ = interrupt.recv() => tracing::info!(target: "dispatcher::server", "SIGINT received"),
        }
    })
}
