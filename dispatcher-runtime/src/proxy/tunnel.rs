//! WebSocket and other `Upgrade` tunnels (SPEC §3.6): once the upstream
//! answers `101 Switching Protocols`, bytes are copied both ways until either
//! side closes. The tunnel runs as its own task, outside the idle timeout of
//! ordinary requests; a graceful shutdown waits for it up to its bound.

use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use tokio_util::task::TaskTracker;

pub fn spawn(tasks: &TaskTracker, client: OnUpgrade, upstream: OnUpgrade, label: String) {
    tasks.spawn(async move {
        let (client, upstream) = match tokio::try_join!(client, upstream) {
            Ok(pair) => pair,
            Err(error) => {
                tracing::warn!(target: "dispatcher::connection", tunnel = %label, %error, "upgrade failed");
                return;
            }
        };
        let (mut client, mut upstream) = (TokioIo::new(client), TokioIo::new(upstream));
        match tokio::io::copy_bidirectional(&mut client, &mut upstream).await {
            Ok((to_upstream, to_client)) => tracing::debug!(
                target: "dispatcher::connection",
                tunnel = %label, to_upstream, to_client, "tunnel closed"
            ),
            Err(error) => tracing::debug!(
                target: "dispatcher::connection",
                tunnel = %label, %error, "tunnel ended with an error"
            ),
        }
    });
}
