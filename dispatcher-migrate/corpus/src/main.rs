//! `migrated-corpus NAME <command>...` runs the dispatcher command line
//! (`explain`, `routes`, ...) on one converted corpus file.

use std::process::ExitCode;

use dispatcher_migrate_corpus::ALL;

fn main() -> ExitCode {
    let mut args: Vec<_> = std::env::args_os().collect();
    // The corpus name is taken out; the rest is the dispatcher's command line.
    let name = if args.len() > 1 {
        args.remove(1)
    } else {
        Default::default()
    };
    let rules = ALL
        .iter()
        .find(|(corpus, _)| name.to_str() == Some(*corpus))
        .map(|(_, rules)| *rules);
    match rules {
        Some(rules) => dispatcher::cli::run(rules, args),
        None => {
            let names: Vec<&str> = ALL.iter().map(|(corpus, _)| *corpus).collect();
            eprintln!("usage: migrated-corpus <{}> <command>...", names.join("|"));
            ExitCode::from(2)
        }
    }
}
