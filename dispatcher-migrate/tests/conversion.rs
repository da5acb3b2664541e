//! Single behaviours of the conversion, on small inline files (the corpus
//! covers whole files).

use dispatcher_migrate::migrate;
use dispatcher_migrate::report::Kind;

fn module(rules: &str) -> String {
    format!(
        "defmodule Dispatcher do\n  use Matcher\n  define_accept_types [json: [\"application/json\"], html: [\"text/html\"]]\n{rules}\nend\n"
    )
}

/// The rules text and the report lines (without the summary).
fn convert(source: &str) -> (String, Vec<(Kind, String)>) {
    let migration = migrate(source, "dispatcher.ex").expect("valid Elixir");
    let report = migration
        .report
        .entries()
        .iter()
        .map(|entry| (entry.kind, entry.message.clone()))
        .collect();
    (migration.rules, report)
}

fn has(report: &[(Kind, String)], kind: Kind, needle: &str) -> bool {
    report
        .iter()
        .any(|(k, message)| *k == kind && message.contains(needle))
}

#[test]
fn a_literal_base_url_gets_its_slash_only_when_segments_are_appended() {
    let (rules, report) = convert(&module(
        r#"
  get "/a", _ do
    forward conn, [], "http://x/a"
  end
  get "/b/*path", _ do
    forward conn, path, "http://x/b"
  end"#,
    ));
    assert!(
        rules.contains(r#"forward(conn, [], "http://x/a")"#),
        "{rules}"
    );
    assert!(
        rules.contains(r#"forward(conn, path, "http://x/b/")"#),
        "{rules}"
    );
    assert!(has(&report, Kind::Fixed, "[F2]"));
    assert_eq!(
        report
            .iter()
            .filter(|(kind, _)| *kind == Kind::Fixed)
            .count(),
        1
    );
}

#[test]
fn base_urls_built_at_run_time_are_left_to_glue_as_mu_did() {
    let (rules, report) = convert(&module(
        r#"
  get "/files/:id/*path", _ do
    forward conn, path, "http://file/" <> id
  end"#,
    ));
    assert!(
        rules.contains(r#"forward(conn, path, format!("http://file/{id}"))"#),
        "{rules}"
    );
    assert!(!has(&report, Kind::Fixed, ""));
}

#[test]
fn a_discarded_connection_change_is_dropped_with_a_report_line() {
    let (rules, report) = convert(&module(
        r#"
  get "/x", _ do
    Plug.Conn.put_resp_header(conn, "x-lost", "1")
    send_resp(conn, 200, "ok")
  end"#,
    ));
    assert!(!rules.contains("x-lost"), "{rules}");
    assert!(has(&report, Kind::Dropped, "has no effect"));
}

#[test]
fn unless_is_an_if_with_its_branches_swapped() {
    let (rules, _) = convert(&module(
        r#"
  get "/x", _ do
    unless conn.query_string == "" do
      send_resp(conn, 400, "query")
    else
      send_resp(conn, 200, "plain")
    end
  end"#,
    ));
    let condition = rules
        .find(r#"if conn.query_string() == "" {"#)
        .expect("the condition is not negated");
    let plain = rules.find("\"plain\"").expect("branch");
    let query = rules.find("\"query\"").expect("branch");
    assert!(condition < plain && plain < query, "{rules}");
}

#[test]
fn helpers_are_inlined_and_those_with_several_clauses_are_named_for_the_user() {
    let (rules, report) = convert(&module(
        r#"
  get "/a", _ do
    answer(conn, "a")
  end
  get "/b/:name", _ do
    greet(conn, name)
  end
  defp answer(conn, text), do: send_resp(conn, 200, "answer " <> text)
  defp greet(conn, "admin"), do: send_resp(conn, 403, "no")
  defp greet(conn, name), do: send_resp(conn, 200, name)"#,
    ));
    assert!(
        rules.contains(r#"send_resp(conn, 200, "answer a")"#),
        "{rules}"
    );
    assert!(has(&report, Kind::LeftForUser, "`greet/2` has 2 clauses"));
    assert!(rules.contains("compile_error!("));
    let migration = migrate(&module(""), "dispatcher.ex").expect("valid");
    assert!(migration.is_usable());
    assert!(
        !migrate(&module(r#"  get "/b", _ do greet(conn, "x") end"#), "d.ex")
            .expect("valid")
            .is_usable()
    );
}

#[test]
fn an_unused_capture_gets_an_underscore_and_a_used_one_keeps_its_name() {
    let (rules, _) = convert(&module(
        r#"
  get "/a/:id/*path", %{ host: ["org", sub | rest] } do
    forward conn, [id], "http://x/"
  end"#,
    ));
    assert!(
        rules.contains(r#"get!("/a/:id/*_path", { host: ["org", _sub, .._rest] })"#),
        "{rules}"
    );
}

#[test]
fn comments_that_look_like_doc_comments_stay_plain_comments() {
    let (rules, _) = convert(&module(
        "  #/ slash\n  #! bang\n  get \"/a\", _ do\n    send_resp(conn, 200, \"\") # trailing\n  end",
    ));
    assert!(rules.contains("    // / slash\n    // ! bang\n"), "{rules}");
    assert!(
        rules.contains("send_resp(conn, 200, \"\") // trailing"),
        "{rules}"
    );
    let rules_block = &rules[rules.find("dispatcher! {").expect("the macro")..];
    assert!(!rules_block.contains("///") && !rules_block.contains("//!"));
}

#[test]
fn attributes_are_read_at_their_last_definition_as_mu_did() {
    let (rules, report) = convert(&module(
        r#"
  @backend "http://old/"
  get "/a/*path", _ do
    forward conn, path, @backend
  end
  @backend "http://new/""#,
    ));
    assert!(
        rules.contains(r#"forward(conn, path, "http://new/")"#),
        "{rules}"
    );
    assert!(has(&report, Kind::Note, "defined again"));
}

#[test]
fn a_star_type_with_a_subtype_is_written_as_any_type() {
    let (rules, report) = convert(
        "defmodule Dispatcher do\n  use Matcher\n  define_accept_types [all: [\"*/json\"]]\nend\n",
    );
    assert!(rules.contains(r#"all: ["*/*"],"#), "{rules}");
    assert!(has(&report, Kind::Fixed, "\"*/json\""));
}

#[test]
fn an_accept_list_of_several_aliases_requires_all_of_them_with_a_note() {
    let (rules, report) = convert(&module(
        r#"
  get "/a", %{ accept: [:json, :html] } do
    send_resp(conn, 200, "")
  end"#,
    ));
    assert!(rules.contains("{ accept: [json, html] }"), "{rules}");
    assert!(has(&report, Kind::Note, "refused accept lists"));
}

#[test]
fn a_file_without_defmodule_is_read_as_its_rules() {
    let (rules, report) = convert("get \"/a\", _ do\n  send_resp(conn, 200, \"a\")\nend\n");
    assert!(rules.contains(r#"get!("/a", _) {"#), "{rules}");
    assert!(has(&report, Kind::Note, "no `defmodule"));
}

#[test]
fn a_rule_that_can_never_fire_keeps_its_converted_body_in_a_comment() {
    let (rules, report) = convert(&module(
        r#"
  match "/*_", _ do
    send_resp(conn, 404, "all")
  end
  get "/a", _ do
    send_resp(conn, 200, "a")
  end"#,
    ));
    assert!(
        rules
            .contains("    // get!(\"/a\", _) {\n    //     send_resp(conn, 200, \"a\")\n    // }"),
        "{rules}"
    );
    assert!(has(
        &report,
        Kind::NeverFires,
        "mu-dispatcher never ran it either"
    ));
}

#[test]
fn options_that_mu_never_matched_make_rules_that_never_fire() {
    for options in [
        "%{ accept: %{ json: false } }",
        "%{ accept: %{ xml: true } }",
        "%{ last_call: false }",
        "%{ colour: :blue }",
        "%{ reverse_host: \"a.example\" }",
        "%{ host: \"api.*.example\" }",
        "%{ layer: :service, last_call: true }",
        "@undefined",
    ] {
        let (rules, report) = convert(&module(&format!(
            "  get \"/a\", {options} do\n    send_resp(conn, 200, \"a\")\n  end"
        )));
        assert!(rules.contains("    // get!(\"/a\""), "{options}: {rules}");
        assert!(
            report.iter().any(|(kind, _)| *kind == Kind::NeverFires),
            "{options}: {report:?}"
        );
    }
}

#[test]
fn damaged_files_are_converted_or_refused_without_a_panic() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut tried = 0;
    for entry in std::fs::read_dir(&corpus).expect("corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|ext| ext != "ex") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("readable");
        let lines: Vec<&str> = source.lines().collect();
        let mut damaged: Vec<String> = (0..lines.len())
            .map(|skip| {
                let mut kept = lines.clone();
                kept.remove(skip);
                kept.join("\n")
            })
            .collect();
        let step = (source.len() / 13).max(1);
        damaged.extend(
            (0..source.len())
                .step_by(step)
                .filter(|cut| source.is_char_boundary(*cut))
                .map(|cut| source[..cut].to_owned()),
        );
        for text in damaged {
            tried += 1;
            if let Ok(migration) = migrate(&text, "damaged.ex") {
                assert!(migration.rules.contains("dispatcher! {"), "{text}");
                assert!(migration.report.render("damaged.ex").contains("summary: "));
            }
        }
    }
    assert!(tried > 500, "{tried} damaged files tried");
    let deep = format!(
        "defmodule Dispatcher do\n  get \"/x\", _ do\n    send_resp(conn, 200, {}\"x\"{})\n  end\nend\n",
        "[".repeat(3000),
        "]".repeat(3000)
    );
    let migration = migrate(&deep, "deep.ex").expect("valid Elixir");
    assert!(
        !migration.is_usable(),
        "a list is not a body: left for the user"
    );
}
