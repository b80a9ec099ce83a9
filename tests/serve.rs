//! `osintkg serve` as a process: it prints where it listens, answers over real TCP,
//! follows a build made while it runs, refuses bad flags, and stops cleanly on SIGTERM.

use crate::util::{osintkg, seed_store, seeds};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process on a port the system chose.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(store: &std::path::Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_osintkg"))
            .arg("serve")
            .arg("--store")
            .arg(store)
            .args(["--bind", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("osintkg serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        Server { child, addr }
    }

    /// GET `path`; returns the status code, the headers and the body.
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: */*\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_owned(), body.to_owned())
    }

    /// Sends SIGTERM and returns the exit status and what the server said on stderr.
    fn stop(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let status = self.child.wait().unwrap();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            pipe.read_to_string(&mut stderr).unwrap();
        }
        (status, stderr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[test]
fn serves_paths_and_sparql_over_tcp_and_stops_on_sigterm() {
    let server = Server::start(seed_store(), &[]);
    let (status, head, body) =
        server.get("/api/path?from=Sanaullah%20Ghafari&to=Crocus%20City%20Hall%20attack");
    assert_eq!(status, 200, "{head}{body}");
    let report: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["paths"][0]["hops"].as_array().unwrap().len(), 2);
    let (status, head, body) =
        server.get("/sparql?query=ASK%20%7B%20%3Fe%20okg%3AclaimedBy%20%3Fg%20%7D");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("application/sparql-results+json")
    );
    assert!(body.contains("true"));
    let (status, _, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("osintkg explorer"));
    let (exit, stderr) = server.stop();
    assert!(exit.success(), "{stderr}");
    assert!(stderr.contains("generation 1 loaded"), "{stderr}");
    assert!(stderr.contains("shutting down"), "{stderr}");
}

#[test]
fn a_build_while_serving_is_served_without_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kg");
    let first = seeds().join("004_3ae23ea50e7c29ee.txt");
    osintkg()
        .arg("build")
        .arg(&first)
        .arg("--store")
        .arg(&store)
        .assert()
        .success();
    let server = Server::start(&store, &[]);
    let count = |server: &Server| -> (String, u64) {
        let (_, head, body) = server.get("/api/status");
        let status: serde_json::Value = serde_json::from_str(&body).unwrap();
        (head, status["documents"].as_u64().unwrap())
    };
    assert_eq!(count(&server).1, 1);
    osintkg()
        .arg("build")
        .arg(seeds())
        .arg("--store")
        .arg(&store)
        .assert()
        .success();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (head, documents) = count(&server);
        if documents == 5 {
            assert!(head.contains("x-osintkg-generation: 2"), "{head}");
            break;
        }
        assert!(Instant::now() < deadline, "generation 2 never served");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (exit, stderr) = server.stop();
    assert!(exit.success());
    assert!(stderr.contains("generation 2 loaded"), "{stderr}");
}

#[test]
fn bad_flags_and_missing_stores_are_refused() {
    osintkg().args(["serve", "--timeout", "0"]).assert().code(2);
    osintkg()
        .args(["serve", "--cors", "not an origin"])
        .assert()
        .code(2);
    osintkg()
        .args(["serve", "--bind", "localhost"])
        .assert()
        .code(2);
    let dir = tempfile::tempdir().unwrap();
    let output = osintkg()
        .arg("serve")
        .arg("--store")
        .arg(dir.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no osintkg store"));
}

#[test]
fn a_public_address_gets_a_warning() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_osintkg"))
        .arg("serve")
        .arg("--store")
        .arg(seed_store())
        .args(["--bind", "0.0.0.0:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        stderr.contains("warning: listening on 0.0.0.0:0"),
        "{stderr}"
    );
}
