//! The routing rules of this stack, converted from `env_backends.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        any: ["*/*"],
    }

    // Where the services live depends on the deployment.
    // dispatcher-migrate: `@resource_url` (dispatcher.ex line 9) is written where rules use it

    match!("/themes/*path", { accept: json }) {
        forward(conn, path, format!("{}themes/", std::env::var("RESOURCE_URL").unwrap_or_else(|_| "http://resource/".to_owned())))
    }

    match!("/search/*path", { accept: json }) {
        forward(conn, path, std::env::var("SEARCH_URL").unwrap_or_else(|_| "http://search/".to_owned()))
    }

    get!("/reports/*path", { accept: any }) {
        let reports = std::env::var("REPORTS_URL").unwrap_or_else(|_| "http://reports/".to_owned());
        forward(conn, path, reports)
    }

    get!("/environment", _) {
        let env = std::env::var("DEPLOY_ENV").unwrap_or_else(|_| "development".to_owned());
        send_resp(conn, 200, format!("environment: {env}"))
    }

    get!("/feature", _) {
        if std::env::var("FEATURE_BETA").is_ok() {
            forward(conn, [], "http://beta/feature")
        } else {
            send_resp(conn, 404, "feature disabled")
        }
    }
}
