//! The command line of a built dispatcher (SPEC §5.2): `serve` (the
//! default), `routes` and `explain`.

mod explain;
mod routes;

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
    let cli = Cli::parse();
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
