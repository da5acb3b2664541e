//! The dispatcher binary. Your rules live in `dispatcher.rs`; this file only
//! hands them to the runtime's command line (`serve`, `routes`, `explain`).

#[path = "dispatcher.rs"]
mod rules;

fn main() -> std::process::ExitCode {
    dispatcher::cli::main(&rules::DISPATCHER)
}
