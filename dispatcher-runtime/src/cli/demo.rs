//! `demo`: the bundled rules with small upstreams started in-process, so
//! the dispatcher can be tried on a fresh machine without any services.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Args;

use super::serve;
use crate::Dispatcher;
use crate::demo;

#[derive(Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
}

pub fn run(dispatcher: &'static Dispatcher, args: &DemoArgs) -> ExitCode {
    let mut config = match serve::config(Some(args.listen)) {
        Ok(config) => config,
        Err(code) => return code,
    };
    serve::init_tracing(&config);
    let runtime = match serve::runtime(&config) {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let code = runtime.block_on(async move {
        let mut upstreams = Vec::new();
        for name in ["resource", "file", "frontend"] {
            match demo::start(name).await {
                Ok(address) => upstreams.push((name, address)),
                Err(error) => {
                    eprintln!("error: cannot start the demo upstream {name}: {error}");
                    return ExitCode::FAILURE;
                }
            }
        }
        for (name, address) in &upstreams {
            config.upstream_hosts.insert(name, vec![*address]);
        }
        let banner = move |listen: SocketAddr| async move {
            let base = format!("http://{listen}");
            println!("The dispatcher serves dispatcher-app/src/dispatcher.rs on {base}");
            for (name, address) in &upstreams {
                println!("  demo upstream {name:<9} on {address}");
            }
            println!("\nTry:");
            println!("  curl -i -H 'Accept: application/vnd.api+json' {base}/themes/1?page=2");
            println!("  curl -i -H 'Accept: text/html' {base}/some/page");
            println!("  curl -i {base}/files/42/download");
            println!("  curl -i -H 'Accept: application/json' {base}/no/such/route");
            println!("\nCtrl-C stops it.");
            use std::io::Write;
            let _ = std::io::stdout().flush();
        };
        serve::serve_until_signal(dispatcher, config, None, banner).await
    });
    drop(runtime);
    crate::log::flush(serve::FINAL_FLUSH);
    code
}
