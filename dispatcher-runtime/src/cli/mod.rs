//! The command line of a built dispatcher: `serve` (the default), `demo`,
//! `routes`, `explain` and `check`. docs/configuration.md lists the
//! commands, docs/rules.md the exit codes of `explain` and `check`.

mod check;
mod decision;
mod demo;
mod explain;
mod routes;
mod serve;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::Dispatcher;

#[derive(Parser)]
#[command(
    name = "dispatcher-app",
    version,
    about = "A compiled HTTP request dispatcher",
    // `dispatcher-app --listen ADDR` is `dispatcher-app serve --listen ADDR`.
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(flatten)]
    serve: serve::ServeArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the proxy (the default): LISTEN, UPSTREAM_HOSTS and the other variables of docs/configuration.md.
    Serve(serve::ServeArgs),
    /// Run the bundled rules with small demo upstreams ("resource", "file", "frontend") started in-process.
    Demo(demo::DemoArgs),
    /// Print the compiled rule table: source line, verb, pattern, options, action.
    Routes,
    /// Say which rule a request would reach and why the earlier rules did not.
    ///
    /// Exit status: 0 a rule answers it (forward or send_resp), 1 the server
    /// would answer 500 (no rule matched, or the rule's body failed), 2 bad input.
    Explain(explain::ExplainArgs),
    /// Check that each request of a file gets the decision written beside it.
    ///
    /// Exit status: 0 every request as expected (or recorded), 1 a mismatch,
    /// 2 the file cannot be read or has a bad line.
    Check(check::CheckArgs),
}

/// Runs the command line against the rules of `dispatcher`.
pub fn main(dispatcher: &'static Dispatcher) -> ExitCode {
    crate::allocator::configure();
    run(dispatcher, std::env::args_os())
}

/// Like [`main`], with the arguments given (the first is the program name).
pub fn run(dispatcher: &'static Dispatcher, args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        None => serve::run(dispatcher, &cli.serve),
        Some(Command::Serve(args)) => serve::run(dispatcher, &args),
        Some(Command::Demo(args)) => demo::run(dispatcher, &args),
        Some(Command::Routes) => {
            print!("{}", routes::table(dispatcher));
            ExitCode::SUCCESS
        }
        Some(Command::Explain(args)) => explain::run(dispatcher, &args),
        Some(Command::Check(args)) => check::run(dispatcher, &args),
    }
}
