//! Small upstreams for `demo`, named as the services of the bundled rules
//! (and of `examples/docker-compose.yml`): a JSON:API "resource" service, a
//! "file" service and an HTML "frontend", each answering with what it
//! received, so a newcomer can see what the rules and the proxy did to a
//! request.

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http::{Request, Response, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Starts a demo upstream called `name` on a free loopback port.
pub async fn start(name: &'static str) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let service = service_fn(move |request| async move {
                    Ok::<_, Infallible>(answer(name, &request))
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(address)
}

fn answer(name: &str, request: &Request<Incoming>) -> Response<Full<Bytes>> {
    let headers: serde_json::Map<String, serde_json::Value> = request
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.to_string(),
                String::from_utf8_lossy(value.as_bytes()).into(),
            )
        })
        .collect();
    let received = serde_json::json!({
        "upstream": name,
        "method": request.method().as_str(),
        "target": request.uri().to_string(),
        "headers": headers,
    });
    let (content_type, body) = if name == "frontend" {
        let page = format!(
            "<!doctype html>\n<title>demo frontend</title>\n<h1>The frontend answered</h1>\n<pre>{}</pre>\n",
            serde_json::to_string_pretty(&received).unwrap_or_default()
        );
        ("text/html; charset=utf-8", page)
    } else {
        let document =
            serde_json::json!({ "data": { "type": "demo-requests", "attributes": received } });
        ("application/vnd.api+json", format!("{document:#}\n"))
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(content_type),
    );
    response
}
