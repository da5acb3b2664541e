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
fn base_urls_are_kept_verbatim_and_the_join_is_reported_where_segments_follow() {
    let (rules, report) = convert(&module(
        r#"
  post "/melding/*path", _ do
    forward conn, path, "http://automatic-submission/melding"
  end
  get "/sparql", _ do
    forward conn, [], "http://database:8890/sparql"
  end
  match "/*path", %{ accept: %{ html: true } } do
    forward conn, path, "http://frontend/index.html"
  end
  get "/app", _ do
    forward conn, [], "http://frontend/index.html"
  end"#,
    ));
    for kept in [
        r#"forward(conn, path, "http://automatic-submission/melding")"#,
        r#"forward(conn, [], "http://database:8890/sparql")"#,
        r#"forward(conn, path, "http://frontend/index.html")"#,
        r#"forward(conn, [], "http://frontend/index.html")"#,
    ] {
        assert!(rules.contains(kept), "{kept} in {rules}");
    }
    assert!(!has(&report, Kind::Fixed, ""), "{report:?}");
    let joins: Vec<&String> = report
        .iter()
        .filter(|(kind, message)| *kind == Kind::Differs && message.contains("[F2]"))
        .map(|(_, message)| message)
        .collect();
    assert_eq!(joins.len(), 2, "{joins:?}");
    assert!(joins[0].contains("\"http://automatic-submission/melding\" is kept as written"));
    assert!(joins[1].contains("`index.html/1`"), "{}", joins[1]);
}

#[test]
fn base_urls_built_at_run_time_are_kept_and_the_join_reported() {
    let (rules, report) = convert(&module(
        r#"
  get "/files/:id/*path", _ do
    forward conn, path, "http://file/" <> id
  end
  get "/range/:id/*path", _ do
    forward conn, path, "http://range-file/files/" <> id <> "/download/"
  end"#,
    ));
    assert!(
        rules.contains(r#"forward(conn, path, format!("http://file/{id}"))"#),
        "{rules}"
    );
    assert!(!has(&report, Kind::Fixed, ""));
    assert_eq!(
        report
            .iter()
            .filter(|(kind, message)| *kind == Kind::Differs && message.contains("[F2]"))
            .count(),
        1,
        "only the URL that may not end in `/`: {report:?}"
    );
}

#[test]
fn a_dead_rule_fix_that_would_take_answered_requests_is_only_suggested() {
    let (rules, report) = convert(&module(
        r#"
  options "*path", _ do
    send_resp(conn, 200, "preflight")
  end
  match "/api/*path", _ do
    forward conn, path, "http://api/"
  end"#,
    ));
    assert!(
        rules.contains(
            "    // dispatcher-migrate suggests `options!(\"/*_path\", _)`: path \"*path\" gets its leading slash"
        ),
        "{rules}"
    );
    assert!(rules.contains("    options!(\"/\", _) {"), "{rules}");
    assert!(has(&report, Kind::Suggestion, "answered in mu-dispatcher"));
    assert!(has(&report, Kind::Suggestion, "[P5]"));
    assert!(!has(&report, Kind::Fixed, ""), "{report:?}");
}

#[test]
fn a_dead_rule_fix_that_takes_only_unanswered_requests_is_applied() {
    let (rules, report) = convert(&module(
        r#"
  options "*path", _ do
    send_resp(conn, 200, "preflight")
  end
  get "/api/*path", _ do
    forward conn, path, "http://api/"
  end
  match "_", %{ last_call: true } do
    send_resp(conn, 404, "none")
  end"#,
    ));
    assert!(rules.contains("    options!(\"/*_path\", _) {"), "{rules}");
    assert!(
        rules.contains("    match!(\"/*_\", { last_call: true }) {"),
        "{rules}"
    );
    assert_eq!(
        report
            .iter()
            .filter(|(kind, message)| *kind == Kind::Fixed && message.contains("[P5]"))
            .count(),
        2,
        "{report:?}"
    );
    assert!(!has(&report, Kind::Suggestion, ""), "{report:?}");
}

#[test]
fn rules_that_never_fired_are_fixed_only_where_no_rule_answered() {
    let (rules, report) = convert(&module(
        r#"
  get "/", _ do
    send_resp(conn, 200, "root")
  end
  get "/docs/", _ do
    forward conn, [], "http://docs/"
  end
  get "/help/", _ do
    forward conn, [], "http://help/"
  end
  get "/help", _ do
    forward conn, [], "http://help/index.html"
  end"#,
    ));
    assert!(rules.contains("    get!(\"/\", _) {"), "{rules}");
    assert!(rules.contains("    get!(\"/docs\", _) {"), "{rules}");
    assert!(
        rules.contains("    // dispatcher-migrate suggests `get!(\"/help\", _)`"),
        "{rules}"
    );
    assert!(rules.contains("    // get!(\"/help/\", _) {"), "{rules}");
    assert!(has(&report, Kind::Fixed, "[P3]"));
    assert!(has(&report, Kind::Fixed, "[P4]"));
    assert!(has(&report, Kind::Suggestion, "line 14"));
}

#[test]
fn a_path_mu_read_from_its_second_segment_keeps_mu_reading() {
    let (rules, report) = convert(&module(
        r#"
  match "themes/*path", _ do
    forward conn, path, "http://resource/themes/"
  end"#,
    ));
    assert!(rules.contains("    match!(\"/*path\", _) {"), "{rules}");
    assert!(
        rules.contains("suggests `match!(\"/themes/*path\", _)`"),
        "{rules}"
    );
    assert!(has(&report, Kind::Suggestion, "would go elsewhere"));
}

#[test]
fn a_layer_given_a_variable_matches_every_layer_as_in_mu() {
    let (rules, report) = convert(
        r#"defmodule Dispatcher do
  use Matcher
  define_accept_types [any: ["*/*"]]
  define_layers [:static, :resources]
  match "/sessions/*path", %{ layer: resources, accept: %{ any: true } } do
    forward conn, path, "http://login/sessions/"
  end
end
"#,
    );
    assert!(
        rules.contains(r#"match!("/sessions/*path", { accept: any }) {"#),
        "{rules}"
    );
    assert!(has(&report, Kind::Note, "`layer: resources` is a variable"));
}

#[test]
fn a_host_given_a_variable_captures_every_label() {
    let (rules, _) = convert(&module(
        r#"
  match "/assets/*path", %{ host: full_host } do
    case Enum.reverse( full_host ) do
      ["standalone" | _ ] -> forward conn, path, "http://standalone/assets/"
      ["entry" | _ ] -> forward conn, path, "http://entry/assets/"
    end
  end"#,
    ));
    assert!(
        rules.contains(r#"match!("/assets/*path", { host: [..full_host] }) {"#),
        "{rules}"
    );
    assert!(rules.contains(r#"["standalone", ..] => {"#), "{rules}");
    assert!(
        rules.contains("_ => dispatcher::elixir::raise("),
        "no clause matched: mu-dispatcher raised: {rules}"
    );
}

#[test]
fn an_unnamed_glob_captures_like_an_ignored_one() {
    let (rules, report) = convert(&module(
        r#"
  options "/*", _ do
    send_resp(conn, 200, "")
  end"#,
    ));
    assert!(rules.contains(r#"options!("/*_", _) {"#), "{rules}");
    assert!(!has(&report, Kind::LeftForUser, ""), "{report:?}");
}

#[test]
fn query_parameters_and_form_encoding_are_converted() {
    let (rules, report) = convert(&module(
        r#"
  get "/data/*uuid", _ do
    resource_url = "https://stad.gent/id/#{Enum.join(uuid, "/")}"
    encoded_resource = URI.encode_www_form(resource_url)
    embed_param = case conn.query_string |> URI.decode_query() |> Map.get("embed") do
      nil -> ""
      embed_value -> "&embed=#{URI.encode_www_form(embed_value)}"
    end
    conn
    |> Plug.Conn.put_resp_header("location", "/view?resource=#{encoded_resource}#{embed_param}")
    |> send_resp(302, "")
  end"#,
    ));
    assert!(!has(&report, Kind::LeftForUser, ""), "{report:?}\n{rules}");
    assert!(
        rules.contains("let encoded_resource = dispatcher::form::encode_www_form(&resource_url);"),
        "{rules}"
    );
    assert!(
        rules.contains(r#"match conn.query_param("embed").as_deref() {"#),
        "{rules}"
    );
    assert!(rules.contains("None => {"), "{rules}");
    assert!(rules.contains("Some(embed_value) => {"), "{rules}");
}

#[test]
fn inspect_is_elixir_inspect() {
    let (rules, report) = convert(&module(
        r#"
  get "/echo/*path", _ do
    send_resp(conn, 200, "path: " <> inspect(path))
  end"#,
    ));
    assert!(!has(&report, Kind::LeftForUser, ""), "{report:?}");
    assert!(
        rules.contains(r#"format!("path: {}", dispatcher::elixir::inspect(&path))"#),
        "{rules}"
    );
}

#[test]
fn helpers_taking_a_function_keep_their_check() {
    let (rules, report) = convert(&module(
        r#"
  defp with_role(conn, required_role, on_success) do
    case Plug.Conn.get_req_header(conn, "x-groups") do
      [] -> send_resp(conn, 403, "no groups")
      [groups | _] ->
        if String.contains?(groups, required_role) do
          on_success.()
        else
          send_resp(conn, 403, "not " <> required_role)
        end
    end
  end

  get "/admin/*path", _ do
    with_role(conn, "admin", fn ->
      forward conn, path, "http://admin/"
    end)
  end"#,
    ));
    assert!(!has(&report, Kind::LeftForUser, ""), "{report:?}\n{rules}");
    assert!(
        rules.contains(r#"send_resp(conn, 403, "no groups")"#),
        "{rules}"
    );
    assert!(
        rules.contains(r#"if groups.contains("admin") {"#),
        "{rules}"
    );
    assert!(
        rules.contains(r#"forward(conn, path, "http://admin/")"#),
        "{rules}"
    );
    assert!(
        rules.contains(r#"send_resp(conn, 403, "not admin")"#),
        "{rules}"
    );
}

#[test]
fn a_helper_whose_body_cannot_be_translated_is_left_with_its_elixir() {
    let migration = migrate(
        &module(
            r#"
  defp with_role(conn, role, on_success) do
    if Enum.member?(Plug.Conn.get_req_header(conn, "x-role"), role), do: on_success.(), else: send_resp(conn, 403, "")
  end

  get "/admin", _ do
    with_role(conn, "admin", fn -> forward conn, [], "http://admin/" end)
  end"#,
        ),
        "dispatcher.ex",
    )
    .expect("valid Elixir");
    assert!(!migration.is_usable());
    let rules = &migration.rules;
    assert!(rules.contains("compile_error!("), "{rules}");
    assert!(
        rules.contains("// dispatcher.ex line 5, the helper it is in, to write in Rust:")
            && rules.lines().any(|line| line.trim_start().starts_with("//")
                && line
                    .contains("if Enum.member?(Plug.Conn.get_req_header(conn, \"x-role\"), role)")),
        "the Elixir stands beside it: {rules}"
    );
}

#[test]
fn try_rescue_and_regex_scan_in_a_helper_pick_the_clause_the_value_fits() {
    let (rules, report) = convert(&module(
        r#"
  defp names(header) do
    try do
      matches = Regex.scan(~r/name=(\w+)/, header)
      {:ok, Enum.map(matches, fn [_, name] -> name end)}
    rescue
      _ -> {:error, "unreadable"}
    end
  end

  get "/who", _ do
    case names(Enum.join(Plug.Conn.get_req_header(conn, "x-names"), ",")) do
      {:ok, found} -> send_resp(conn, 200, Enum.join(found, " "))
      {:error, reason} -> send_resp(conn, 400, reason)
    end
  end"#,
    ));
    assert!(!has(&report, Kind::LeftForUser, ""), "{report:?}\n{rules}");
    assert!(
        rules.contains(r#"dispatcher::elixir::regex_scan(r"(?-u)name=(\w+)""#),
        "{rules}"
    );
    assert!(rules.contains("Err(()) => {"), "{rules}");
    assert!(
        rules.contains(r#"send_resp(conn, 400, "unreadable")"#),
        "{rules}"
    );
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
        // Every line of small files, about 40 spread over larger ones.
        let line_step = (lines.len() / 40).max(1);
        let mut damaged: Vec<String> = (0..lines.len())
            .step_by(line_step)
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
