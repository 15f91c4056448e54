// A Swift program that prints "hi", linked with --static-swift-stdlib only: the dynamic loader
// still resolves glibc and libstdc++.
print("hi")
