//! An upstream for transfer benchmarks: `GET /...?bytes=N` streams N bytes
//! (in 64 KiB chunks, without holding them), any request with a body is
//! read to the end and answered with the byte count.
//!
//! Usage: bulk-upstream 127.0.0.1:9000

use std::convert::Infallible;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

const CHUNK: usize = 64 * 1024;

async fn answer(request: Request<Incoming>) -> Response<BoxBody<Bytes, Infallible>> {
    let wanted: u64 = request
        .uri()
        .query()
        .and_then(|query| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix("bytes="))
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut body = request.into_body();
    let mut received: u64 = 0;
    while let Some(Ok(frame)) = body.frame().await {
        if let Some(data) = frame.data_ref() {
            received += data.len() as u64;
        }
    }
    if wanted == 0 {
        return Response::new(
            Full::new(Bytes::from(format!("received {received} bytes\n"))).boxed(),
        );
    }
    let chunk = Bytes::from(vec![b'x'; CHUNK]);
    let stream = futures_util::stream::unfold(wanted, move |left| {
        let chunk = chunk.clone();
        async move {
            if left == 0 {
                return None;
            }
            let take = left.min(CHUNK as u64) as usize;
            Some((
                Ok::<_, Infallible>(Frame::data(chunk.slice(..take))),
                left - take as u64,
            ))
        }
    });
    let mut response = Response::new(StreamBody::new(stream).boxed());
    response
        .headers_mut()
        .insert(http::header::CONTENT_LENGTH, wanted.into());
    response
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:9000".to_owned());
    let listener = TcpListener::bind(&address).await?;
    eprintln!("bulk-upstream listening on {}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let service =
                service_fn(|request| async move { Ok::<_, Infallible>(answer(request).await) });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
