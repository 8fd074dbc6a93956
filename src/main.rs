//! Mounts the app into the page's `#app` element; everything else lives in the library.

fn main() {
    sprintdeck::start();
}
