fn main() {
    println!("riex");
}
