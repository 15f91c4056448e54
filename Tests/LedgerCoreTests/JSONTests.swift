import Foundation
import PropertyBased
import Testing

@testable import LedgerCore

@Suite("JSON parser and writer")
struct JSONTests {
  static let compactDocuments: [String] = [
    "null", "true", "false", "0", "-0", "12", "-3.25", "1e9", "1.5E-7", "2e+3",
    "\"\"", "\"text\"", "[]", "{}", "[1,[2,[3,[]]]]", "{\"b\":1,\"a\":2,\"c\":{\"z\":[],\"y\":{}}}",
    "[null,true,false,\"x\",{\"k\":\"v\"}]", "{\"a\":1,\"a\":2}",
    "\"caf\u{E9} \u{1F600} \u{65}\u{301}\"",
    "\"\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u007f\\u2028\\u2029\"",
  ]

  @Test("compact documents are written back byte for byte", arguments: compactDocuments)
  func roundTripText(_ text: String) throws {
    let value = try JSONParser.parse(text)
    #expect(JSONWriter.compact(value) == text)
    #expect(Array(JSONWriter.compact(value).utf8) == Array(text.utf8))
  }

  @Test("white space around and between tokens is accepted")
  func whitespace() throws {
    let value = try JSONParser.parse(" \t\r\n{ \"a\" : [ 1 , 2 ] ,\n\"b\":null }\n ")
    #expect(JSONWriter.compact(value) == "{\"a\":[1,2],\"b\":null}")
  }

  @Test("key order and repeated keys are preserved; lookup takes the last")
  func keyOrder() throws {
    let value = try JSONParser.parse("{\"z\":1,\"a\":2,\"m\":3,\"a\":4}")
    #expect(value.objectValue?.map(\.key) == ["z", "a", "m", "a"])
    #expect(value["a"]?.integerValue == 4)
    #expect(value["missing"] == nil)
    let changed = value.setting("m", to: .string("x")).setting("new", to: .null)
    #expect(JSONWriter.compact(changed) == "{\"z\":1,\"a\":2,\"m\":\"x\",\"a\":4,\"new\":null}")
  }

  @Test("escapes decode to the characters they name")
  func escapes() throws {
    let value = try JSONParser.parse(
      "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\u00E9 \\u20AC \\u0000\"")
    #expect(value.stringValue == "\" \\ / \u{8} \u{C} \n \r \t A \u{E9} \u{E9} \u{20AC} \u{0}")
  }

  @Test("surrogate pairs decode to one scalar")
  func surrogatePairs() throws {
    #expect(try JSONParser.parse("\"\\ud83d\\ude00\"").stringValue == "\u{1F600}")
    #expect(try JSONParser.parse("\"a\\uD834\\uDD1Eb\"").stringValue == "a\u{1D11E}b")
    #expect(
      try JSONParser.parse("\"\\uDBFF\\uDFFF\"").stringValue?.unicodeScalars.first?.value
        == 0x10FFFF)
  }

  @Test("raw UTF-8 is kept exactly, NFD included")
  func rawUnicode() throws {
    let text = "\"\(eAcuteNFD) \(eAcuteNFC) \u{1F600} \u{4E2D}\""
    let decoded = try JSONParser.parse(text).stringValue ?? ""
    #expect(
      Array(decoded.unicodeScalars)
        == Array("\(eAcuteNFD) \(eAcuteNFC) \u{1F600} \u{4E2D}".unicodeScalars))
  }

  @Test("numbers keep their text")
  func numbers() throws {
    #expect(try JSONParser.parse("1.50e+3") == .number("1.50e+3"))
    #expect(try JSONParser.parse("1.50e+3") == .number("1500"))
    #expect(try JSONParser.parse("42").integerValue == 42)
    #expect(try JSONParser.parse("4.2").integerValue == nil)
    #expect(try JSONParser.parse("-9223372036854775808").integerValue == Int64.min)
  }

  struct BadDocument: Sendable, CustomTestStringConvertible {
    var text: String
    var line: Int
    var column: Int
    var testDescription: String { "\(text.debugDescription) fails at \(line):\(column)" }
  }

  static let badDocuments: [BadDocument] = [
    BadDocument(text: "", line: 1, column: 1),
    BadDocument(text: "   ", line: 1, column: 4),
    BadDocument(text: "{\"a\":1,}", line: 1, column: 8),
    BadDocument(text: "[1,]", line: 1, column: 4),
    BadDocument(text: "[1 2]", line: 1, column: 4),
    BadDocument(text: "{\"a\" 1}", line: 1, column: 6),
    BadDocument(text: "{a:1}", line: 1, column: 2),
    BadDocument(text: "{\n  \"a\": tru\n}", line: 2, column: 8),
    BadDocument(text: "[\"\u{E9}\", x]", line: 1, column: 7),
    BadDocument(text: "01", line: 1, column: 2),
    BadDocument(text: "-", line: 1, column: 2),
    BadDocument(text: "1.", line: 1, column: 3),
    BadDocument(text: ".5", line: 1, column: 1),
    BadDocument(text: "1e", line: 1, column: 3),
    BadDocument(text: "+1", line: 1, column: 1),
    BadDocument(text: "NaN", line: 1, column: 1),
    BadDocument(text: "nul", line: 1, column: 1),
    BadDocument(text: "truex", line: 1, column: 5),
    BadDocument(text: "\"abc", line: 1, column: 5),
    BadDocument(text: "\"a\nb\"", line: 1, column: 3),
    BadDocument(text: "\"a\tb\"", line: 1, column: 3),
    BadDocument(text: "\"\\x\"", line: 1, column: 4),
    BadDocument(text: "\"\\u12\"", line: 1, column: 4),
    BadDocument(text: "\"\\u12G4\"", line: 1, column: 4),
    BadDocument(text: "\"\\ud800\"", line: 1, column: 8),
    BadDocument(text: "\"\\udc00\"", line: 1, column: 8),
    BadDocument(text: "\"\\ud800\\u0041\"", line: 1, column: 14),
    BadDocument(text: "\"\\ud800x\"", line: 1, column: 8),
    BadDocument(text: "{} {}", line: 1, column: 4),
    BadDocument(text: "[1]\n\n  ]", line: 3, column: 3),
    BadDocument(text: "\u{FEFF}{}", line: 1, column: 1),
  ]

  @Test("invalid documents are refused with a line and column", arguments: badDocuments)
  func refuses(_ bad: BadDocument) {
    do {
      let value = try JSONParser.parse(bad.text)
      Issue.record("parsed as \(value)")
    } catch {
      #expect(error.line == bad.line, "\(error)")
      #expect(error.column == bad.column, "\(error)")
      #expect(!error.reason.isEmpty)
      #expect(error.description.contains("line \(bad.line), column \(bad.column)"))
    }
  }

  @Test("invalid UTF-8 inside a string is refused")
  func invalidUTF8() {
    for bytes: [UInt8] in [
      [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xC3, 0x5C, 0x6E, 0x22],
      [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22],
    ] {
      #expect(throws: JSONParser.Failure.self, "\(bytes)") { try JSONParser.parse(bytes) }
    }
  }

  @Test("nesting is limited to 512 levels")
  func nesting() throws {
    let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    #expect(JSONWriter.compact(try JSONParser.parse(deep)) == deep)
    let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
    #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(tooDeep) }
    let objects =
      String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600)
    #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(objects) }
  }

  @Test("the writer escapes what must be escaped and nothing else")
  func writerEscapes() {
    #expect(
      JSONWriter.quoted(
        "a\"b\\c\nd\re\tf\u{8}\u{C}\u{1}\u{1F}\u{7F}\u{2028}\u{2029}/\u{E9}\u{1F600}")
        == "\"a\\\"b\\\\c\\nd\\re\\tf\\b\\f\\u0001\\u001f\\u007f\\u2028\\u2029/\u{E9}\u{1F600}\"")
    #expect(JSONWriter.quoted("") == "\"\"")
    #expect(JSONWriter.quoted(eAcuteNFD).unicodeScalars.count == 4)
  }

  @Test("pretty output is indented, keeps order and ends with a newline")
  func pretty() throws {
    let value = try JSONParser.parse("{\"b\":[1,{}],\"a\":{\"x\":null},\"c\":[]}")
    #expect(
      JSONWriter.pretty(value)
        == "{\n  \"b\": [\n    1,\n    {}\n  ],\n  \"a\": {\n    \"x\": null\n  },\n  \"c\": []\n}\n"
    )
    #expect(JSONWriter.pretty(.string("x"), indent: 4) == "\"x\"\n")
    #expect(try JSONParser.parse(JSONWriter.pretty(value)) == value)
  }

  @Test("accessors")
  func accessors() throws {
    let value = try JSONParser.parse("{\"s\":\"t\",\"b\":true,\"n\":null,\"a\":[1],\"i\":7}")
    #expect(value["s"]?.stringValue == "t")
    #expect(value["b"]?.boolValue == true)
    #expect(value["n"]?.isNull == true)
    #expect(value["a"]?.arrayValue == [.number("1")])
    #expect(value["i"]?.integerValue == 7)
    #expect(value["s"]?.integerValue == nil)
    #expect(JSONValue.optional(nil) == .null)
    #expect(JSONValue.optional("x") == .string("x"))
    #expect(JSONValue.integer(-5) == .number("-5"))
    #expect(JSONValue.string("x")["key"] == nil)
  }

  // MARK: Property: parse(write(v)) == v

  private static let scalars: [Unicode.Scalar] = [
    "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}",
    "\u{80}", "\u{E9}", "\u{301}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFF}", "\u{1F600}",
    "\u{10FFFF}",
  ]

  private static func randomString(_ rng: inout any SeededRandomNumberGenerator) -> String {
    var view = String.UnicodeScalarView()
    for _ in 0..<Int.random(in: 0...8, using: &rng) {
      view.append(scalars[Int.random(in: 0..<scalars.count, using: &rng)])
    }
    return String(view)
  }

  private static func randomValue(_ rng: inout any SeededRandomNumberGenerator, depth: Int)
    -> JSONValue
  {
    switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &rng) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &rng))
    case 2: return .integer(Int64.random(in: -1_000_000...1_000_000, using: &rng))
    case 3: return .number(["0.5", "-1e-7", "3.25E+10", "-0"][Int.random(in: 0..<4, using: &rng)])
    case 4: return .string(randomString(&rng))
    case 5:
      return .array(
        (0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
    default:
      return .object(
        (0..<Int.random(in: 0...4, using: &rng)).map { _ in
          (key: randomString(&rng), value: randomValue(&rng, depth: depth + 1))
        })
    }
  }

  @Test("writing then parsing gives the same value, scalar for scalar (property)")
  func roundTripValues() async {
    let values = Generator<JSONValue, Shrink.None<JSONValue>>(run: { rng in
      JSONTests.randomValue(&rng, depth: 0)
    })
    await propertyCheck(count: 500, input: values) { value in
      for text in [JSONWriter.compact(value), JSONWriter.pretty(value)] {
        let parsed = try JSONParser.parse(text)
        #expect(parsed == value)
        // JSONValue's == compares strings up to canonical equivalence; the bytes must match too.
        #expect(JSONWriter.compact(parsed).utf8.elementsEqual(JSONWriter.compact(value).utf8))
      }
      #expect(!JSONWriter.compact(value).contains("\n"))
    }
  }

  @Test("the writer agrees with Foundation's parser (property)")
  func agreesWithFoundation() async {
    // Foundation's parser drops U+FEFF inside strings, so it is left out of this comparison.
    let strings = Generator<String, Shrink.None<String>>(run: { rng in
      JSONTests.randomString(&rng).filter { $0 != "\u{FEFF}" }
    })
    await propertyCheck(count: 300, input: strings) { text in
      let json = JSONWriter.quoted(text)
      let decoded =
        try JSONSerialization.jsonObject(
          with: Data(json.utf8), options: [.fragmentsAllowed]) as? String
      #expect(decoded.map { Array($0.unicodeScalars) } == Array(text.unicodeScalars))
    }
  }
}
