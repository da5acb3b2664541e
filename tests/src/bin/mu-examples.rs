//! Fixture for the `explain` tests: `mu-examples <example> <command>...`
//! runs the dispatcher command line on one of the documentation examples.

use std::process::ExitCode;

use dispatcher_tests::examples::ALL;

fn main() -> ExitCode {
    let mut args: Vec<_> = std::env::args_os().collect();
    let name = args
        .get(1)
        .and_then(|name| name.to_str())
        .unwrap_or("")
        .to_owned();
    let Some((_, dispatcher)) = ALL.iter().find(|(example, _)| *example == name) else {
        let names: Vec<&str> = ALL.iter().map(|(name, _)| *name).collect();
        eprintln!("usage: mu-examples <{}> <command>...", names.join("|"));
        return ExitCode::from(2);
    };
    args.remove(1);
    dispatcher::cli::run(dispatcher, args)
}
