//! The command line of a built dispatcher (SPEC §5.2): `serve` (the
//! default), `routes` and `explain`.

mod explain;
mod routes;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::Dispatcher;

#[derive(Parser)]
#[command(
    name = "dispatcher-app",
    version,
    about = "A compiled HTTP request dispatcher"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print the compiled rule table: source line, verb, pattern, options, action.
    Routes,
    /// Say which rule a request would reach and why the earlier rules did not (JSON).
    Explain(explain::ExplainArgs),
}

/// Runs the command line against the rules of `dispatcher`.
pub fn main(dispatcher: &'static Dispatcher) -> ExitCode {
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
        Some(Command::Routes) | None => {
            print!("{}", routes::table(dispatcher));
            ExitCode::SUCCESS
        }
        Some(Command::Explain(args)) => match explain::run(dispatcher, &args) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
    }
}
