//! The HTTP server: an accept loop that serves an axum router over HTTP/1.1,
//! lets a handler drop its connection on purpose (the `reset` fault), and
//! shuts down gracefully.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower_service::Service as _;

/// How long connections may take to finish after shutdown was asked for.
const GRACE: Duration = Duration::from_secs(5);

/// Lets a handler kill the connection its request arrived on.
///
/// Inserted into every request's extensions by the server.
#[derive(Debug, Default)]
pub struct ConnectionControl {
    aborted: AtomicBool,
}

impl ConnectionControl {
    /// Drops the connection (with a TCP reset) instead of writing anything more.
    pub fn abort(&self) {
        self.aborted.store(true, Ordering::Release);
    }

    fn is_aborted(&self) -> bool {
        self.aborted.load(Ordering::Acquire)
    }
}

/// A TCP stream that fails every read and write once its connection was aborted.
struct AbortableStream {
    inner: TcpStream,
    control: Arc<ConnectionControl>,
}

impl AbortableStream {
    fn check(&self) -> io::Result<()> {
        if self.control.is_aborted() {
            // A zero linger makes the close send RST, as a crashed peer would.
            let _ = self.inner.set_zero_linger();
            Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "connection dropped by fault injection",
            ))
        } else {
            Ok(())
        }
    }
}

impl AsyncRead for AbortableStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for AbortableStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Serves `router` on `listener` until `shutdown` turns true, then lets open
/// connections finish (up to a few seconds).
pub async fn serve(listener: TcpListener, router: Router, shutdown: watch::Receiver<bool>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stopped(shutdown.clone()) => break,
        };
        let (stream, _peer): (TcpStream, SocketAddr) = match accepted {
            Ok(a) => a,
            // Out of file descriptors and the like: back off briefly and go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let control = Arc::new(ConnectionControl::default());
        let io = TokioIo::new(AbortableStream {
            inner: stream,
            control: control.clone(),
        });
        let router = router.clone();
        let service =
            hyper::service::service_fn(move |mut req: http::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(control.clone());
                let mut router = router.clone();
                async move { router.call(req).await }
            });
        let conn_shutdown = shutdown.clone();
        connections.spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(io, service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stopped(conn_shutdown.clone()) => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(GRACE, conn).await;
                }
            }
        });
        // Reap finished connection tasks so the set does not grow.
        while connections.try_join_next().is_some() {}
    }
    let _ = tokio::time::timeout(GRACE.saturating_add(Duration::from_secs(1)), async {
        while connections.join_next().await.is_some() {}
    })
    .await;
}

/// Resolves once the shutdown flag is true (or its sender is gone).
pub(crate) async fn stopped(mut rx: watch::Receiver<bool>) {
    loop {
        if *rx.borrow_and_update() {
            return;
        }
        if rx.changed().await.is_err() {
            return;
        }
    }
}
