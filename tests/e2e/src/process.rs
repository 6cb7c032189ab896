//! Child processes of the harness (the sandbox, the WebDriver drivers) that never outlive it:
//! - on Linux each child asks the kernel for SIGTERM when the thread that spawned it dies
//!   (`PR_SET_PDEATHSIG`), so a test run or demo that is killed, even with SIGKILL, takes its
//!   children with it;
//! - a Ctrl+C / SIGTERM / SIGHUP handler (installed with the first child) stops every live child,
//!   with its process group when it has its own (a driver's browser), then exits with status 130;
//! - [`Guarded`]'s `Drop` stops the child on a normal exit or a failed test.
//!
//! The parent-death signal follows the *thread*, not the process: keep a [`Guarded`] on the thread
//! that spawned it (a test's own thread, `main` of a binary). Knows nothing of WebDriver or the product.

use std::io;
use std::process::{Child, Command, ExitStatus};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

/// Live children: `(pid, has its own process group)`. Read by the signal handler.
static LIVE: Mutex<Vec<(u32, bool)>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

/// How long a child gets to end after SIGTERM before it is killed.
const GRACE: Duration = Duration::from_secs(3);

/// A child process that is stopped when this value drops or the harness is interrupted.
pub struct Guarded {
    child: Child,
    group: bool,
    done: bool,
}

impl Guarded {
    /// Spawns `cmd` so that it dies with this thread. With `own_group` the child leads a new
    /// process group, and stopping it signals the whole group (what a driver started with it).
    pub fn spawn(cmd: &mut Command, own_group: bool) -> io::Result<Guarded> {
        install_handler();
        die_with_parent(cmd);
        if own_group {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let child = cmd.spawn()?;
        lock().push((child.id(), own_group));
        Ok(Guarded {
            child,
            group: own_group,
            done: false,
        })
    }

    /// The child process (for its pipes, `try_wait` or `wait`).
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }

    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Its exit status if it has ended (it is then forgotten by the interrupt handler).
    pub fn exited(&mut self) -> Option<ExitStatus> {
        let status = self.child.try_wait().ok().flatten()?;
        self.forget();
        Some(status)
    }

    /// Waits until the child ends by itself.
    pub fn wait(&mut self) -> io::Result<ExitStatus> {
        let status = self.child.wait();
        self.forget();
        status
    }

    /// SIGTERM (to the group, if it has one), up to [`GRACE`] to end, then SIGKILL; reaps the
    /// child. Idempotent.
    pub fn stop(&mut self) {
        if self.done {
            return;
        }
        signal(self.child.id(), self.group, libc::SIGTERM);
        let deadline = Instant::now() + GRACE;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if self.group {
            // Whatever the leader left behind in its group (a browser) goes too.
            signal(self.child.id(), true, libc::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.forget();
    }

    fn forget(&mut self) {
        self.done = true;
        let pid = self.child.id();
        lock().retain(|&(p, _)| p != pid);
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.stop();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<(u32, bool)>> {
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn signal(pid: u32, group: bool, sig: libc::c_int) {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return;
    };
    // SAFETY: kill(2) with a pid we spawned (or its group); no memory is shared.
    unsafe {
        libc::kill(if group { -pid } else { pid }, sig);
    }
}

#[cfg(target_os = "linux")]
fn die_with_parent(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = libc::pid_t::try_from(std::process::id()).unwrap_or(0);
    // SAFETY: the closure runs between fork and exec and calls only async-signal-safe functions
    // (prctl, getppid); it allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died between fork and prctl: then nobody will signal us.
            if libc::getppid() != parent {
                return Err(io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_cmd: &mut Command) {}

/// Stops every live child (as [`Guarded::stop`] would) and exits with 130, on Ctrl+C, SIGTERM or
/// SIGHUP. Installed once per process; if the program has its own handler, that one stays.
fn install_handler() {
    HANDLER.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            stop_all();
            std::process::exit(130);
        });
    });
}

/// Signals every live child and waits (bounded) until they are gone.
pub fn stop_all() {
    let live: Vec<(u32, bool)> = lock().clone();
    for &(pid, group) in &live {
        signal(pid, group, libc::SIGTERM);
    }
    let deadline = Instant::now() + GRACE;
    let mut left = live;
    while !left.is_empty() && Instant::now() < deadline {
        left.retain(|&(pid, _)| !reaped(pid));
        std::thread::sleep(Duration::from_millis(20));
    }
    for (pid, group) in left {
        signal(pid, group, libc::SIGKILL);
        signal(pid, false, libc::SIGKILL);
    }
}

/// Whether `pid` has ended (and is now reaped).
fn reaped(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    let mut status = 0;
    // SAFETY: waitpid(2) on our own child with WNOHANG; `status` is a valid out-pointer.
    let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
    r == pid || r == -1
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::BufRead;

    /// Running (not gone, not a zombie waiting for a reaper).
    fn running(pid: u32) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Ok(stat) => stat
                .rsplit(')')
                .next()
                .is_some_and(|rest| !rest.trim_start().starts_with(['Z', 'X'])),
            Err(_) => false,
        }
    }

    fn gone_within(pid: u32, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if !running(pid) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn a_child_dies_with_the_thread_that_spawned_it() {
        let pid = std::thread::spawn(|| {
            let mut g = Guarded::spawn(Command::new("sleep").arg("30"), false).expect("sleep");
            let pid = g.id();
            g.forget(); // only the kernel's parent-death signal may end it now
            std::mem::forget(g);
            pid
        })
        .join()
        .expect("spawning thread");
        assert!(
            gone_within(pid, Duration::from_secs(5)),
            "child {pid} outlived the thread that spawned it"
        );
    }

    #[test]
    fn stop_ends_the_whole_group() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 30 & echo $!; wait"])
            .stdout(std::process::Stdio::piped());
        let mut g = Guarded::spawn(&mut cmd, true).expect("sh");
        let mut line = String::new();
        let out = g.child().stdout.take().expect("piped");
        std::io::BufReader::new(out)
            .read_line(&mut line)
            .expect("pid of the grandchild");
        let grandchild: u32 = line.trim().parse().expect("a pid");
        assert!(running(grandchild));
        g.stop();
        assert!(!running(g.id()));
        assert!(
            gone_within(grandchild, Duration::from_secs(5)),
            "the group's other member {grandchild} outlived stop()"
        );
    }
}
