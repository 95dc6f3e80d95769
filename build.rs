//! Link configuration of the driver package (design.md, "Layout").
//!
//! - Host builds (tests, benchmarks, tools on Linux): nothing.
//! - Cross build to `x86_64-pc-windows-msvc` from Linux: the kernel-mode image flags for the
//!   driver's cdylib (native subsystem, driver image, entry point, no CRT). They only affect a
//!   cdylib link, so the rlib the tests use is untouched.
//! - A Windows host with the WDK uses wdk-build instead (see docs/windows-build.md).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    if target == "x86_64-pc-windows-msvc" && !host.contains("windows") {
        for arg in [
            "/SUBSYSTEM:NATIVE",
            "/DRIVER",
            "/ENTRY:DriverEntry",
            "/NODEFAULTLIB",
            "/MERGE:.edata=.rdata",
        ] {
            println!("cargo:rustc-link-arg-cdylib={arg}");
        }
    }
}
