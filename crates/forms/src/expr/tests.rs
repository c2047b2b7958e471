use super::*;
use expect_test::{Expect, expect};
use std::collections::HashMap;

struct Vars(HashMap<&'static str, Value>);
impl Env for Vars {
    fn var(&self, name: &str) -> Value {
        self.0.get(name).cloned().unwrap_or_else(Value::empty)
    }
    fn current(&self) -> Value {
        self.var("__current")
    }
    fn today(&self) -> Option<Date> {
        Date::parse("2025-06-11")
    }
}

fn env() -> Vars {
    let mut m = HashMap::new();
    m.insert("age", Value::Num(16.0));
    m.insert("name", Value::Str("Aung".into()));
    m.insert("langs", Value::Str("my th".into()));
    m.insert(
        "dob",
        Value::Date(Date::parse("2009-02-01").unwrap_or(Date(0))),
    );
    m.insert(
        "hours",
        Value::Nodes(vec![Value::Num(12.0), Value::Num(16.0), Value::empty()]),
    );
    m.insert("__current", Value::Str("abc".into()));
    Vars(m)
}

/// One line per case: `source => printed tree => value` or `source => error`.
fn check(input: &str, expect: Expect) {
    let env = env();
    let mut out = String::new();
    for line in input.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match parse(line) {
            Ok(e) => {
                let v = eval(&e, &env);
                out.push_str(&format!("{line}  =>  {e}  =>  {v:?}\n"));
            }
            Err(err) => out.push_str(&format!("{line}  =>  ERROR {}\n", err.message)),
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn operators_and_functions() {
    check(
        r##"
        ${age} < 18
        ${age} >= 18 and ${name} != ''
        not(${age} < 18) or ${name} = 'Aung'
        1 + 2 * 3 - 4 div 2 mod 3
        (1 + 2) * 3
        -${age} + 1
        - (1 + 2)
        7 mod 3 <= 1
        5 > 4 = true()
        selected(${langs}, 'th')
        selected(${langs}, 'km')
        count-selected(${langs})
        selected-at(${langs}, 1)
        if(${age} < 18, 'child', 'adult')
        string-length(${name})
        concat(${name}, ' is ', ${age})
        coalesce(${missing}, 'fallback')
        regex(${name}, '^[A-Z][a-z]+$')
        today()
        today() - ${dob}
        ${dob} < '2010-01-01'
        int(-3.7)
        round(2.5)
        round(3.14159, 2)
        number('12.5') + 1
        number('abc')
        string(3.0)
        boolean('')
        contains(${name}, 'un')
        starts-with(${name}, 'Au')
        ends-with(${name}, 'ng')
        substr('abcdef', 2, 3)
        floor(2.7) + ceiling(2.1) + abs(-1)
        date('2025-01-31') + 1
        count(${hours})
        sum(${hours})
        max(${hours}, 20)
        min(3, 1, 2)
        ${hours} > 15
        . = 'abc'
        string-length(.) > 2
        "it's"
        false()
        "##,
        expect![[r##"
            ${age} < 18  =>  ${age} < 18  =>  Bool(true)
            ${age} >= 18 and ${name} != ''  =>  ${age} >= 18 and ${name} != ''  =>  Bool(false)
            not(${age} < 18) or ${name} = 'Aung'  =>  not(${age} < 18) or ${name} = 'Aung'  =>  Bool(true)
            1 + 2 * 3 - 4 div 2 mod 3  =>  1 + 2 * 3 - 4 div 2 mod 3  =>  Num(5.0)
            (1 + 2) * 3  =>  (1 + 2) * 3  =>  Num(9.0)
            -${age} + 1  =>  -${age} + 1  =>  Num(-15.0)
            - (1 + 2)  =>  -(1 + 2)  =>  Num(-3.0)
            7 mod 3 <= 1  =>  7 mod 3 <= 1  =>  Bool(true)
            5 > 4 = true()  =>  5 > 4 = true()  =>  Bool(true)
            selected(${langs}, 'th')  =>  selected(${langs}, 'th')  =>  Bool(true)
            selected(${langs}, 'km')  =>  selected(${langs}, 'km')  =>  Bool(false)
            count-selected(${langs})  =>  count-selected(${langs})  =>  Num(2.0)
            selected-at(${langs}, 1)  =>  selected-at(${langs}, 1)  =>  Str("th")
            if(${age} < 18, 'child', 'adult')  =>  if(${age} < 18, 'child', 'adult')  =>  Str("child")
            string-length(${name})  =>  string-length(${name})  =>  Num(4.0)
            concat(${name}, ' is ', ${age})  =>  concat(${name}, ' is ', ${age})  =>  Str("Aung is 16")
            coalesce(${missing}, 'fallback')  =>  coalesce(${missing}, 'fallback')  =>  Str("fallback")
            regex(${name}, '^[A-Z][a-z]+$')  =>  regex(${name}, '^[A-Z][a-z]+$')  =>  Bool(true)
            today()  =>  today()  =>  Date(Date(20250))
            today() - ${dob}  =>  today() - ${dob}  =>  Num(5974.0)
            ${dob} < '2010-01-01'  =>  ${dob} < '2010-01-01'  =>  Bool(true)
            int(-3.7)  =>  int(-3.7)  =>  Num(-3.0)
            round(2.5)  =>  round(2.5)  =>  Num(3.0)
            round(3.14159, 2)  =>  round(3.14159, 2)  =>  Num(3.14)
            number('12.5') + 1  =>  number('12.5') + 1  =>  Num(13.5)
            number('abc')  =>  number('abc')  =>  Num(NaN)
            string(3.0)  =>  string(3)  =>  Str("3")
            boolean('')  =>  boolean('')  =>  Bool(false)
            contains(${name}, 'un')  =>  contains(${name}, 'un')  =>  Bool(true)
            starts-with(${name}, 'Au')  =>  starts-with(${name}, 'Au')  =>  Bool(true)
            ends-with(${name}, 'ng')  =>  ends-with(${name}, 'ng')  =>  Bool(true)
            substr('abcdef', 2, 3)  =>  substr('abcdef', 2, 3)  =>  Str("cde")
            floor(2.7) + ceiling(2.1) + abs(-1)  =>  floor(2.7) + ceiling(2.1) + abs(-1)  =>  Num(6.0)
            date('2025-01-31') + 1  =>  date('2025-01-31') + 1  =>  Num(20120.0)
            count(${hours})  =>  count(${hours})  =>  Num(3.0)
            sum(${hours})  =>  sum(${hours})  =>  Num(NaN)
            max(${hours}, 20)  =>  max(${hours}, 20)  =>  Num(NaN)
            min(3, 1, 2)  =>  min(3, 1, 2)  =>  Num(1.0)
            ${hours} > 15  =>  ${hours} > 15  =>  Bool(true)
            . = 'abc'  =>  . = 'abc'  =>  Bool(true)
            string-length(.) > 2  =>  string-length(.) > 2  =>  Bool(true)
            "it's"  =>  "it's"  =>  Str("it's")
            false()  =>  false()  =>  Bool(false)
        "##]],
    );
}

#[test]
fn errors_have_positions() {
    check(
        r##"
        ${age} <
        ${age
        $age
        ${} = 1
        'open
        foo(1)
        selected(${a})
        age > 1
        /data/age > 1
        ../age
        ${a} [1]
        (1 + 2
        1 2
        ${a} ! 1
        concat(1,)
        ${a} # 1
        "##,
        expect![[r##"
            ${age} <  =>  ERROR forms-expr-unexpected-end(pos="9")
            ${age  =>  ERROR forms-expr-unterminated-reference(pos="1")
            $age  =>  ERROR forms-expr-bad-reference(pos="1")
            ${} = 1  =>  ERROR forms-expr-bad-name(pos="1", name="")
            'open  =>  ERROR forms-expr-unterminated-string(pos="1")
            foo(1)  =>  ERROR forms-expr-unknown-function(pos="1", name="foo")
            selected(${a})  =>  ERROR forms-expr-arity(pos="1", name="selected", expected="2", found="1")
            age > 1  =>  ERROR forms-expr-bare-name(pos="1", name="age")
            /data/age > 1  =>  ERROR forms-expr-path-unsupported(pos="1")
            ../age  =>  ERROR forms-expr-path-unsupported(pos="1")
            ${a} [1]  =>  ERROR forms-expr-path-unsupported(pos="6")
            (1 + 2  =>  ERROR forms-expr-expected(pos="7", expected=")", found="end of expression")
            1 2  =>  ERROR forms-expr-unexpected(pos="3", found="2")
            ${a} ! 1  =>  ERROR forms-expr-unexpected-char(pos="6", char="!")
            concat(1,)  =>  ERROR forms-expr-unexpected(pos="10", found=")")
            ${a} # 1  =>  ERROR forms-expr-unexpected-char(pos="6", char="#")
        "##]],
    );
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(parse(&deep).is_err());
    let long = vec!["1"; 100_000].join(" + ");
    assert!(parse(&long).is_err());
    let negs = format!("{}1", "-".repeat(100_000));
    assert!(parse(&negs).is_err());
}

#[test]
fn dates() {
    for s in [
        "1970-01-01",
        "2000-02-29",
        "2025-06-11",
        "1900-03-01",
        "0001-01-01",
    ] {
        assert_eq!(Date::parse(s).map(|d| d.to_string()).as_deref(), Some(s));
    }
    assert_eq!(Date::parse("2001-02-29"), None);
    assert_eq!(Date::parse("2025-6-1"), None);
    assert_eq!(
        Date::parse("2025-06-11T10:00:00+07:00")
            .map(|d| d.to_string())
            .as_deref(),
        Some("2025-06-11")
    );
}
