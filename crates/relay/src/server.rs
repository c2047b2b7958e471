//! Accepting connections: the connection limit, TLS, and the timeouts of
//! [`RelayConfig`] around the router (hyper's HTTP/1 server from
//! `hyper-util`, tower-http's request and body timeouts, and
//! `tokio-io-timeout` for an answer nobody reads).

use std::sync::Arc;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;
use tower::ServiceBuilder;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

use crate::{RelayConfig, Store, router};

/// Serves plain HTTP until the listener fails. Meant for loopback (tests,
/// a relay behind a TLS proxy on the same machine): `fieldscreen relay
/// serve` refuses a non-loopback address without TLS.
pub async fn serve(
    listener: TcpListener,
    store: Arc<dyn Store>,
    config: RelayConfig,
) -> std::io::Result<()> {
    run(listener, store, config, None).await
}

/// Serves HTTPS (rustls, [`crate::tls::load_identity`]) until the listener
/// fails.
pub async fn serve_tls(
    listener: TcpListener,
    store: Arc<dyn Store>,
    config: RelayConfig,
    tls: Arc<rustls::ServerConfig>,
) -> std::io::Result<()> {
    run(
        listener,
        store,
        config,
        Some(tokio_rustls::TlsAcceptor::from(tls)),
    )
    .await
}

async fn run(
    listener: TcpListener,
    store: Arc<dyn Store>,
    config: RelayConfig,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> std::io::Result<()> {
    let app: Router = router(store, config.clone()).layer(
        ServiceBuilder::new()
            .layer(TimeoutLayer::with_status_code(
                axum::http::StatusCode::REQUEST_TIMEOUT,
                config.request_timeout,
            ))
            .layer(RequestBodyTimeoutLayer::new(config.idle_timeout)),
    );
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    loop {
        // A slot first: past the limit, connections wait in the kernel's
        // backlog instead of costing the relay anything.
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return Ok(());
        };
        let (tcp, _) = match listener.accept().await {
            Ok(c) => c,
            Err(e) if transient(&e) => {
                // Out of file descriptors and the like: wait a little.
                tracing::warn!("accept: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
            Err(e) => return Err(e),
        };
        let _ = tcp.set_nodelay(true);
        let app = app.clone();
        let tls = tls.clone();
        let config = config.clone();
        tokio::spawn(async move {
            let _slot = slot;
            connection(tcp, app, tls, &config).await;
        });
    }
}

fn transient(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock | OutOfMemory
    ) || e.raw_os_error().is_some_and(|c| c == 23 || c == 24) // ENFILE, EMFILE
}

async fn connection(
    tcp: TcpStream,
    app: Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    config: &RelayConfig,
) {
    // An answer the other side stops reading: closed after the idle time.
    let mut io = TimeoutStream::new(tcp);
    io.set_write_timeout(Some(config.idle_timeout));
    let io = Box::pin(io);
    let service = TowerToHyperService::new(app);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .keep_alive(true);
    let result = match tls {
        None => http.serve_connection(TokioIo::new(io), service).await,
        Some(acceptor) => {
            let handshake =
                tokio::time::timeout(config.header_read_timeout, acceptor.accept(io)).await;
            match handshake {
                Ok(Ok(stream)) => http.serve_connection(TokioIo::new(stream), service).await,
                Ok(Err(e)) => {
                    tracing::debug!("TLS handshake: {e}");
                    return;
                }
                Err(_) => {
                    tracing::debug!("TLS handshake: too slow");
                    return;
                }
            }
        }
    };
    if let Err(e) = result {
        tracing::debug!("connection: {e}");
    }
}
