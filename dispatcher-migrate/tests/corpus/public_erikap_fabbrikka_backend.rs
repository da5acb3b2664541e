//! The routing rules of this stack, converted from `public_erikap_fabbrikka_backend.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // In order to forward the 'themes' resource to the
    // resource service, use the following forward rule.
    //
    // docker-compose stop; docker-compose rm; docker-compose up
    // after altering this file.
    //
    match!("/products/*path", _) {
        forward(conn, path, "http://resource/products/")
    }

    match!("/product-names/*path", _) {
        forward(conn, path, "http://resource/product-names/")
    }

    match!("/product-descriptions/*path", _) {
        forward(conn, path, "http://resource/product-descriptions/")
    }

    match!("/product-variants/*path", _) {
        forward(conn, path, "http://resource/product-variants/")
    }

    match!("/product-variant-sizes/*path", _) {
        forward(conn, path, "http://resource/product-variant-sizes/")
    }

    match!("/product-images/*path", _) {
        forward(conn, path, "http://resource/product-images/")
    }

    match!("/files/*path", _) {
        forward(conn, path, "http://file-service/files/")
    }

    match!("/product-audiences/*path", _) {
        forward(conn, path, "http://resource/product-audiences/")
    }

    match!("/shopping-carts/*path", _) {
        forward(conn, path, "http://resource/shopping-carts/")
    }

    match!("/shopping-cart-items/*path", _) {
        forward(conn, path, "http://resource/shopping-cart-items/")
    }

    match!("/fabbrikka-locale-guesser/*path", _) {
        forward(conn, path, "http://fabbrikka-locale-guesser/")
    }

    match!("/fabbrikka-cart-service/*path", _) {
        forward(conn, path, "http://fabbrikka-cart-service/")
    }

    match!("/accounts/*path", _) {
        forward(conn, path, "http://registration/accounts/")
    }

    match!("/sessions/*path", _) {
        forward(conn, path, "http://login/sessions/")
    }

    match!("/*_", _) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
