// The baseline: a fully static Swift program that prints "hi".
print("hi")
