//! A small static file server for the demo and the browser tests (loopback by default).
//!
//! Bounded by construction: a fixed pool of worker threads takes connections
//! from a bounded queue (a full queue gets `503` at once); the request head is
//! read with a size limit and a deadline; file bodies are streamed, never read
//! whole; every path is canonicalized and must stay inside the served folder,
//! so a symbolic link cannot lead out of it. Nothing here panics on bad input
//! or when threads, file handles or memory run short: those become error
//! responses or closed connections.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Limits of the server; [`Limits::default`] is what `casesearch serve` uses.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Worker threads, each serving one connection at a time.
    pub workers: usize,
    /// Accepted connections waiting for a worker; more get `503`.
    pub queue: usize,
    /// Bytes of request line plus headers.
    pub max_head: usize,
    /// Time to receive the whole request head (an idle client is dropped after it).
    pub head_timeout: Duration,
    /// Time one write of the response may block (a client that stops reading is dropped).
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            workers: 8,
            queue: 64,
            max_head: 16 * 1024,
            head_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
        }
    }
}

/// Serves `dir` until the process is stopped. Prints the URL on stdout first.
pub fn serve(dir: &Path, host: &str, port: u16) -> Result<(), String> {
    if !dir.is_dir() {
        return Err(format!(
            "{} is not a folder; build it first with ./build.sh",
            dir.display()
        ));
    }
    let root = dir
        .canonicalize()
        .map_err(|e| format!("cannot open {}: {e}", dir.display()))?;
    let listener = TcpListener::bind((host, port))
        .map_err(|e| format!("cannot listen on {host}:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Serving {} at http://{addr}/", dir.display());
    let _ = std::io::stdout().flush();
    run(&listener, root, Limits::default())
}

/// Accepts connections forever and hands them to the worker pool.
/// `root` must be canonical.
pub(crate) fn run(listener: &TcpListener, root: PathBuf, limits: Limits) -> Result<(), String> {
    let (sender, receiver) = sync_channel::<TcpStream>(limits.queue);
    let receiver = Arc::new(Mutex::new(receiver));
    let root = Arc::new(root);
    let mut started = 0;
    for k in 0..limits.workers.max(1) {
        let receiver = Arc::clone(&receiver);
        let root = Arc::clone(&root);
        let spawned = std::thread::Builder::new()
            .name(format!("serve-{k}"))
            .spawn(move || worker(&receiver, &root, limits));
        match spawned {
            Ok(_) => started += 1,
            Err(e) if started == 0 => return Err(format!("cannot start a worker thread: {e}")),
            // Fewer workers than asked for still serve; the queue absorbs the rest.
            Err(_) => break,
        }
    }
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file handles, say: back off instead of spinning, then go on.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        match sender.try_send(stream) {
            Ok(()) => {}
            Err(TrySendError::Full(mut stream)) => {
                let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
                let _ = write_head(&mut stream, "503 Service Unavailable", "text/plain", 4);
                let _ = stream.write_all(b"busy");
            }
            Err(TrySendError::Disconnected(_)) => {
                return Err("every worker thread has stopped".into());
            }
        }
    }
    Ok(())
}

fn worker(receiver: &Mutex<Receiver<TcpStream>>, root: &Path, limits: Limits) {
    loop {
        // A poisoned lock only means another worker panicked while waiting; go on.
        let next = match receiver.lock() {
            Ok(r) => r.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(stream) = next else { return };
        let _ = handle(stream, root, limits);
    }
}

/// Why a request head could not be read.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    TooLarge,
    Timeout,
    Closed,
}

/// Reads the request line and headers (discarding the headers) within the
/// size and time limits; returns the request line.
fn read_head(stream: &TcpStream, limits: Limits) -> Result<String, HeadError> {
    let deadline = Instant::now() + limits.head_timeout;
    let mut reader = BufReader::with_capacity(1024, stream);
    let mut budget = limits.max_head;
    let mut request_line: Option<String> = None;
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(HeadError::Timeout);
            }
            stream
                .set_read_timeout(Some(left))
                .map_err(|_| HeadError::Closed)?;
            let available = match reader.fill_buf() {
                Ok([]) => return Err(HeadError::Closed),
                Ok(buf) => buf,
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(HeadError::Timeout)
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(HeadError::Closed),
            };
            let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (&available[..=i], true),
                None => (available, false),
            };
            if chunk.len() > budget {
                return Err(HeadError::TooLarge);
            }
            budget -= chunk.len();
            line.extend_from_slice(chunk);
            let used = chunk.len();
            reader.consume(used);
            if done {
                break;
            }
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        match &request_line {
            None if text.is_empty() => {} // blank lines before the request line are allowed
            None => request_line = Some(text.to_string()),
            Some(_) if text.is_empty() => break,
            Some(_) => {}
        }
    }
    request_line.ok_or(HeadError::Closed)
}

fn handle(mut stream: TcpStream, root: &Path, limits: Limits) -> std::io::Result<()> {
    stream.set_write_timeout(Some(limits.write_timeout))?;
    let request_line = match read_head(&stream, limits) {
        Ok(line) => line,
        Err(HeadError::TooLarge) => {
            return respond_text(&mut stream, "431 Request Header Fields Too Large", false)
        }
        Err(HeadError::Timeout) => return respond_text(&mut stream, "408 Request Timeout", false),
        Err(HeadError::Closed) => return Ok(()),
    };
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return respond_text(&mut stream, "400 Bad Request", false);
    };
    let head = method == "HEAD";
    if method != "GET" && !head {
        return respond_text(&mut stream, "405 Method Not Allowed", false);
    }
    let Some(path) = resolve(root, target) else {
        return respond_text(&mut stream, "404 Not Found", head);
    };
    let Ok(file) = std::fs::File::open(&path) else {
        return respond_text(&mut stream, "404 Not Found", head);
    };
    let len = match file.metadata() {
        Ok(m) if m.is_file() => m.len(),
        _ => return respond_text(&mut stream, "404 Not Found", head),
    };
    write_head(&mut stream, "200 OK", content_type(&path), len)?;
    if !head {
        // Streamed in small buffers: memory per download stays constant.
        let sent = std::io::copy(&mut file.take(len), &mut stream)?;
        if sent < len {
            // The file shrank while being sent: the client sees a short body and a closed connection.
            return Ok(());
        }
    }
    stream.flush()
}

/// Maps a request target to a file under `root` (canonical), refusing anything
/// that leaves it, through `..` or through a symbolic link.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    if decoded.contains('\0') {
        return None;
    }
    let mut out = root.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    let mut real = out.canonicalize().ok()?;
    if real.is_dir() {
        real = real.join("index.html").canonicalize().ok()?;
    }
    (real.starts_with(root) && real.is_file()).then_some(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Content type by extension. Anything unknown (including precompressed
/// `.gz`/`.br` files, which are sent as they are) is `application/octet-stream`.
fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "md" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn write_head(stream: &mut TcpStream, status: &str, ctype: &str, len: u64) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len}\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"
    )
}

/// A short plain-text response whose body is the status line's reason.
fn respond_text(stream: &mut TcpStream, status: &str, head: bool) -> std::io::Result<()> {
    let body = status.split_once(' ').map_or(status, |(_, reason)| reason);
    let len = u64::try_from(body.len()).unwrap_or(0);
    write_head(stream, status, "text/plain; charset=utf-8", len)?;
    if !head {
        stream.write_all(body.as_bytes())?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    fn fresh_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.canonicalize().unwrap()
    }

    /// A server on a free loopback port over `root`, running in the background.
    fn start(root: &Path, limits: Limits) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let root = root.to_path_buf();
        std::thread::spawn(move || run(&listener, root, limits));
        addr
    }

    fn request(addr: SocketAddr, raw: &[u8]) -> (String, Vec<u8>) {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        // The server may answer and close before reading everything (an oversized head).
        let _ = s.write_all(raw);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let split = out
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(out.len(), |i| i + 4);
        let body = out.split_off(split);
        (String::from_utf8_lossy(&out).into_owned(), body)
    }

    fn get(addr: SocketAddr, path: &str) -> (String, Vec<u8>) {
        request(
            addr,
            format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
        )
    }

    #[test]
    fn refuses_paths_outside_the_root() {
        let root = fresh_dir("outside");
        assert!(resolve(&root, "/../etc/passwd").is_none());
        assert!(resolve(&root, "/%2e%2e/etc/passwd").is_none());
        assert!(resolve(&root, "/a%00b").is_none());
    }

    #[test]
    fn symbolic_links_never_lead_out_of_the_folder() {
        let root = fresh_dir("links");
        let outside = fresh_dir("links-outside");
        std::fs::write(outside.join("secret.txt"), "secret").unwrap();
        std::fs::write(root.join("inside.txt"), "inside").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("out-link")).unwrap();
        std::os::unix::fs::symlink(outside.join("secret.txt"), root.join("secret.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("inside.txt"), root.join("alias.txt")).unwrap();
        assert!(resolve(&root, "/out-link/secret.txt").is_none());
        assert!(resolve(&root, "/secret.txt").is_none());
        assert_eq!(resolve(&root, "/alias.txt"), Some(root.join("inside.txt")));
        let addr = start(&root, Limits::default());
        assert!(get(addr, "/out-link/secret.txt")
            .0
            .starts_with("HTTP/1.1 404"));
        let (head, body) = get(addr, "/alias.txt");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert_eq!(body, b"inside");
    }

    #[test]
    fn content_types_follow_the_extension() {
        for (name, want) in [
            ("a.wasm", "application/wasm"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.html", "text/html; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.svg", "image/svg+xml"),
            ("a.idx", "application/octet-stream"),
            ("a.idx.gz", "application/octet-stream"),
            ("a.unknown", "application/octet-stream"),
            ("A.WASM", "application/wasm"),
        ] {
            assert_eq!(content_type(Path::new(name)), want, "{name}");
        }
    }

    #[test]
    fn files_are_served_whole_and_heads_without_body() {
        let root = fresh_dir("files");
        let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(root.join("big.idx"), &big).unwrap();
        std::fs::write(root.join("index.html"), "<p>hi</p>").unwrap();
        let addr = start(&root, Limits::default());
        let (head, body) = get(addr, "/big.idx");
        assert!(head.contains("Content-Length: 3000000\r\n"), "{head}");
        assert!(
            head.contains("Content-Type: application/octet-stream\r\n"),
            "{head}"
        );
        assert!(body == big, "the body differs from the file");
        let (head, body) = get(addr, "/?x=1");
        assert!(head.contains("text/html"), "{head}");
        assert_eq!(body, b"<p>hi</p>");
        let (head, body) = request(addr, b"HEAD /big.idx HTTP/1.1\r\n\r\n");
        assert!(head.contains("Content-Length: 3000000"), "{head}");
        assert!(body.is_empty());
        assert!(request(addr, b"POST / HTTP/1.1\r\n\r\n")
            .0
            .starts_with("HTTP/1.1 405"));
        assert!(request(addr, b"GARBAGE\r\n\r\n")
            .0
            .starts_with("HTTP/1.1 400"));
    }

    #[test]
    fn an_endless_request_line_is_cut_off_at_the_limit() {
        let root = fresh_dir("long-line");
        let limits = Limits {
            max_head: 4096,
            ..Limits::default()
        };
        let addr = start(&root, limits);
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let chunk = vec![b'a'; 64 * 1024];
        let mut written = 0;
        // The server stops reading after 4 KiB and answers; writing fails soon after.
        while written < 256 * 1024 * 1024 {
            if s.write_all(&chunk).is_err() {
                break;
            }
            written += chunk.len();
            let mut peek = [0u8; 1];
            s.set_nonblocking(true).unwrap();
            let answered = matches!(s.peek(&mut peek), Ok(n) if n > 0);
            s.set_nonblocking(false).unwrap();
            if answered {
                break;
            }
        }
        assert!(
            written < 64 * 1024 * 1024,
            "the server kept reading {written} bytes"
        );
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        assert!(
            out.starts_with(b"HTTP/1.1 431"),
            "{}",
            String::from_utf8_lossy(&out)
        );
    }

    #[test]
    fn idle_clients_are_dropped_and_a_full_queue_answers_busy() {
        let root = fresh_dir("idle");
        std::fs::write(root.join("a.txt"), "a").unwrap();
        let limits = Limits {
            workers: 2,
            queue: 2,
            head_timeout: Duration::from_millis(500),
            ..Limits::default()
        };
        let addr = start(&root, limits);
        // Silent clients: at most two workers plus two queued can wait for
        // them, so at least two of six are told at once that the server is busy,
        // and the ones that were taken get 408 when their time is up.
        let idle: Vec<TcpStream> = (0..6).map(|_| TcpStream::connect(addr).unwrap()).collect();
        let mut statuses = Vec::new();
        for mut s in idle {
            s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
            let mut out = Vec::new();
            let _ = s.read_to_end(&mut out);
            statuses.push(String::from_utf8_lossy(&out[..out.len().min(12)]).into_owned());
        }
        let count = |code: &str| statuses.iter().filter(|s| s.ends_with(code)).count();
        assert!(count("503") >= 2 && count("408") >= 1, "{statuses:?}");
        assert_eq!(count("503") + count("408"), 6, "{statuses:?}");
        let (head, body) = get(addr, "/a.txt");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert_eq!(body, b"a");
    }
}
