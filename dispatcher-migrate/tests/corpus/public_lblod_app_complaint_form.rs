//! The routing rules of this stack, converted from `public_lblod_app_complaint_form.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        any: ["*/*"],
    }

    // Helper to parse a json header looking for role names
    // Attempt to extract all "name" fields manually
    // dispatcher-migrate: the helper on dispatcher.ex line 11 is written into the rules that call it

    // Helper to determine if we should allow the access to the resource, depending on role
    // dispatcher-migrate: the helper on dispatcher.ex line 26 is written into the rules that call it

    // ##############################################################################
    // Resources
    // ##############################################################################
    get!("/accounts/*path", { accept: json }) {
        forward(conn, path, "http://resource/accounts/")
    }

    get!("/complaint-forms/*path", { accept: json }) {
        let allowed_groups_header = conn.header_values("mu-auth-allowed-groups");
        match &allowed_groups_header[..] {
            [] => {
                send_resp(conn, 403, r#"{ "error": { "code": 403, "message": "Forbidden: 'mu-auth-allowed-groups' header missing or empty." } }"#)
            }
            [header_value, ..] => {
                let header_value: &str = header_value;
                {
                    let attempt = 'attempt: {
                        let matches = dispatcher::elixir::regex_scan(r#""name"\s*:\s*"([^"]+)""#, header_value);
                        let mut mapped = Vec::new();
                        for item in matches.iter() {
                            match &item[..] {
                                [_, name] => {
                                    let name: &str = name;
                                    mapped.push(name);
                                }
                                _ => break 'attempt Err(()),
                            }
                        }
                        let role_names = mapped;
                        Ok((role_names,))
                    };
                    match attempt {
                        Ok((role_names,)) => {
                            if role_names.contains(&"admin") {
                                forward(conn, path, "http://resource/complaint-forms/")
                            } else {
                                send_resp(conn, 403, r#"{ "error": { "code": 403, "message": "Forbidden: Insufficient privileges. 'admin' group required." } }"#)
                            }
                        }
                        Err(()) => {
                            send_resp(conn, 400, r#"{ "error": { "code": 400, "message": "Bad Request: Exception during parsing of 'mu-auth-allowed-groups' header." } }"#)
                        }
                    }
                }
            }
        }
    }

    post!("/complaint-forms/*path", { accept: json }) {
        forward(conn, path, "http://resource/complaint-forms/")
    }

    patch!("/complaint-forms/*path", { accept: json }) {
        forward(conn, path, "http://resource/complaint-forms/")
    }
    // ##############################################################################
    // Sessions
    // ##############################################################################

    match!("/mock/sessions/*path", _) {
        forward(conn, path, "http://mocklogin/sessions/")
    }

    match!("/sessions/*path", _) {
        forward(conn, path, "http://login/sessions/")
    }

    // ##############################################################################
    // Files
    // ##############################################################################

    // We use a different endpoint for the actual downloads since the frontend now handles the regular `GET /files/:id/download` calls.
    get!("/files-download/:id/download", { accept: any }) {
        let allowed_groups_header = conn.header_values("mu-auth-allowed-groups");
        match &allowed_groups_header[..] {
            [] => {
                send_resp(conn, 403, r#"{ "error": { "code": 403, "message": "Forbidden: 'mu-auth-allowed-groups' header missing or empty." } }"#)
            }
            [header_value, ..] => {
                let header_value: &str = header_value;
                {
                    let attempt = 'attempt: {
                        let matches = dispatcher::elixir::regex_scan(r#""name"\s*:\s*"([^"]+)""#, header_value);
                        let mut mapped = Vec::new();
                        for item in matches.iter() {
                            match &item[..] {
                                [_, name] => {
                                    let name: &str = name;
                                    mapped.push(name);
                                }
                                _ => break 'attempt Err(()),
                            }
                        }
                        let role_names = mapped;
                        Ok((role_names,))
                    };
                    match attempt {
                        Ok((role_names,)) => {
                            if role_names.contains(&"admin") {
                                forward(conn, [], format!("http://file/files/{id}/download"))
                            } else {
                                send_resp(conn, 403, r#"{ "error": { "code": 403, "message": "Forbidden: Insufficient privileges. 'admin' group required." } }"#)
                            }
                        }
                        Err(()) => {
                            send_resp(conn, 400, r#"{ "error": { "code": 400, "message": "Bad Request: Exception during parsing of 'mu-auth-allowed-groups' header." } }"#)
                        }
                    }
                }
            }
        }
    }

    // Returns meta data of the uploaded file.
    get!("/files/:id", { accept: any }) {
        let allowed_groups_header = conn.header_values("mu-auth-allowed-groups");
        match &allowed_groups_header[..] {
            [] => {
                send_resp(conn, 403, r#"{ "error": { "code": 403, "message": "Forbidden: 'mu-auth-allowed-groups' header missing or empty." } }"#)
            }
            [header_value, ..] => {
                let header_value: &str = header_value;
                {
                    let attempt = 'attempt: {
                        let matches = dispatcher::elixir::regex_scan(r#""name"\s*:\s*"([^"]+)""#, header_value);
                        let mut mapped = Vec::new();
                        for item in matches.iter() {
                            match &item[..] {
                                [_, name] => {
                                    let name: &str = name;
                                    mapped.push(name);
                                }
                                _ => break 'attempt Err(()),
                            }
                        }
                        let role_names = mapped;
                        Ok((role_names,))
                    };
                    match attempt {
                        Ok((role_names,)) => {
                            if role_names.contains(&"admin") {
                                forward(conn, [], format!("http://resource/files/{id}"))
                            } else {
                                send_resp(conn, 403, r#"{ "error": { "code": 403, "message": "Forbidden: Insufficient privileges. 'admin' group required." } }"#)
                            }
                        }
                        Err(()) => {
                            send_resp(conn, 400, r#"{ "error": { "code": 400, "message": "Bad Request: Exception during parsing of 'mu-auth-allowed-groups' header." } }"#)
                        }
                    }
                }
            }
        }
    }

    // Endpoint required to upload file content.
    post!("/files/*path", { accept: any }) {
        forward(conn, path, "http://file/files/")
    }

    // ##############################################################################
    // Frontend
    // ##############################################################################

    match!("/index.html", { accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }

    get!("/assets/*path", { accept: any }) {
        forward(conn, path, "http://frontend/assets/")
    }

    get!("/@appuniversum/*path", { accept: any }) {
        forward(conn, path, "http://frontend/@appuniversum/")
    }

    match!("/favicon.ico", { accept: any }) {
        send_resp(conn, 404, "")
    }

    match!("/*_path", { accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }

    // ##############################################################################
    // Fallback
    // ##############################################################################

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, r#"{ "error": { "code": 404, "message": "Route not found. See config/dispatcher.ex" } }"#)
    }
}
