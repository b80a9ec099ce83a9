//! ORDER BY keys that always form a total order.
//!
//! oxigraph 0.5.13 (spareval 0.2.9) sorts solutions with `sort_unstable_by` and a
//! comparator that is not a total order: numbers compare to numbers by value, but a
//! number and a string fall back to comparing their lexical forms, so `9 < 10` by value,
//! `10 < "5"` and `"5" < 9` by text. Rust's sort may detect the cycle and panic
//! ("user-provided comparison function does not correctly implement a total order"),
//! which took down `osintkg query` on `ORDER BY ?c ?f` over the seeds' store. The
//! comparator also re-evaluates each ORDER BY expression at every comparison, so
//! `ORDER BY RAND()` is inconsistent too. Upstream bug, as a minimal query over an
//! empty store:
//!
//! ```sparql
//! SELECT ?x WHERE { VALUES ?x { 10 "5" 9 … } } ORDER BY ?x
//! ```
//!
//! (the full list is `PANICKING_ORDER` in the tests below).
//!
//! Until it is fixed upstream, each ORDER BY condition is rewritten into three keys
//! computed once per solution (by `BIND`, an algebra `Extend`): the kind of term
//! (unbound, blank node, IRI, number, other literal), then the datatype and language of
//! a non-numeric literal together with whether it has a timezone, then the value. Within
//! one kind and datatype the engine's comparison is a total order, so the three keys
//! together are one. The order between kinds is SPARQL's (unbound, blank nodes, IRIs,
//! literals); the spec leaves the order between numbers and other literals open, and
//! numbers now come first.

use crate::{RdfError, Result};
use spargebra::Query;
use spargebra::algebra::{
    AggregateExpression, Expression, Function, GraphPattern, OrderExpression,
};
use spargebra::term::{Literal, Variable};

/// Most ORDER BY conditions in a query: each becomes three nested `BIND`s, which the
/// text's bounds (see `shape`) do not count.
pub(super) const MAX_CONDITIONS: usize = 100;

/// Rewrites every ORDER BY of `query`, including those of subqueries and of patterns
/// inside `EXISTS`, into total-order keys. Fails on more than [`MAX_CONDITIONS`].
pub(super) fn make_total(query: &mut Query) -> Result<()> {
    let (Query::Select { pattern, .. }
    | Query::Construct { pattern, .. }
    | Query::Describe { pattern, .. }
    | Query::Ask { pattern, .. }) = query;
    let mut counter = 0;
    let mut stack = vec![pattern];
    while let Some(pattern) = stack.pop() {
        match pattern {
            GraphPattern::OrderBy { inner, expression } => {
                let conditions = std::mem::take(expression);
                for condition in conditions {
                    counter += 1;
                    if counter > MAX_CONDITIONS {
                        return Err(RdfError::QueryTooComplex {
                            what: "ORDER BY conditions".to_owned(),
                            limit: MAX_CONDITIONS,
                        });
                    }
                    let (value, ascending) = match condition {
                        OrderExpression::Asc(value) => (value, true),
                        OrderExpression::Desc(value) => (value, false),
                    };
                    let key = |name: &str| {
                        Variable::new_unchecked(format!("_okg_order_{counter}_{name}"))
                    };
                    let (kind, group, bound) = (key("kind"), key("group"), key("value"));
                    extend(inner, &bound, value);
                    extend(inner, &kind, kind_rank(&bound));
                    extend(inner, &group, literal_group(&bound));
                    for key in [kind, group, bound] {
                        let key = Expression::Variable(key);
                        expression.push(if ascending {
                            OrderExpression::Asc(key)
                        } else {
                            OrderExpression::Desc(key)
                        });
                    }
                }
                stack.push(inner);
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right }
            | GraphPattern::Lateral { left, right } => {
                stack.push(left);
                stack.push(right);
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                stack.push(left);
                stack.push(right);
                if let Some(expression) = expression {
                    patterns_in(expression, &mut stack);
                }
            }
            GraphPattern::Filter { expr, inner } => {
                patterns_in(expr, &mut stack);
                stack.push(inner);
            }
            GraphPattern::Extend {
                inner, expression, ..
            } => {
                patterns_in(expression, &mut stack);
                stack.push(inner);
            }
            GraphPattern::Group {
                inner, aggregates, ..
            } => {
                for (_, aggregate) in aggregates {
                    if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                        patterns_in(expr, &mut stack);
                    }
                }
                stack.push(inner);
            }
            GraphPattern::Graph { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::Service { inner, .. } => stack.push(inner),
            GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
        }
    }
    Ok(())
}

/// `inner` becomes `Extend(inner, variable, expression)`.
fn extend(inner: &mut Box<GraphPattern>, variable: &Variable, expression: Expression) {
    let below = std::mem::replace(
        inner.as_mut(),
        GraphPattern::Bgp {
            patterns: Vec::new(),
        },
    );
    **inner = GraphPattern::Extend {
        inner: Box::new(below),
        variable: variable.clone(),
        expression,
    };
}

fn call(function: Function, arguments: Vec<Expression>) -> Expression {
    Expression::FunctionCall(function, arguments)
}

fn test_of(function: Function, term: &Variable) -> Box<Expression> {
    Box::new(call(function, vec![Expression::Variable(term.clone())]))
}

fn constant(literal: impl Into<Literal>) -> Box<Expression> {
    Box::new(Expression::Literal(literal.into()))
}

/// 1 for a blank node, 2 for an IRI, 3 for a number, 4 for any other term; unbound
/// (an error) for an unbound value, which sorts first as the value itself would.
fn kind_rank(term: &Variable) -> Expression {
    Expression::If(
        test_of(Function::IsBlank, term),
        constant(1),
        Box::new(Expression::If(
            test_of(Function::IsIri, term),
            constant(2),
            Box::new(Expression::If(
                test_of(Function::IsNumeric, term),
                constant(3),
                constant(4),
            )),
        )),
    )
}

/// For a literal that is not a number: its datatype, language and whether it has a
/// timezone (date-times with and without one do not compare); "" for a number, unbound
/// for anything else.
fn literal_group(term: &Variable) -> Expression {
    let value = || Expression::Variable(term.clone());
    let timezone = Expression::Coalesce(vec![call(Function::Tz, vec![value()]), *constant("")]);
    let has_timezone = Expression::If(
        Box::new(Expression::Equal(Box::new(timezone), constant(""))),
        constant(""),
        constant("+tz"),
    );
    Expression::If(
        test_of(Function::IsNumeric, term),
        constant(""),
        Box::new(call(
            Function::Concat,
            vec![
                call(Function::Str, vec![call(Function::Datatype, vec![value()])]),
                *constant("@"),
                call(Function::Lang, vec![value()]),
                has_timezone,
            ],
        )),
    )
}

/// Pushes the graph patterns of `EXISTS` and `NOT EXISTS` found in `expression`.
fn patterns_in<'a>(expression: &'a mut Expression, out: &mut Vec<&'a mut GraphPattern>) {
    match expression {
        Expression::Exists(pattern) => out.push(pattern),
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => {
            patterns_in(a, out);
            patterns_in(b, out);
        }
        Expression::In(a, list) => {
            patterns_in(a, out);
            for b in list {
                patterns_in(b, out);
            }
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            patterns_in(a, out);
        }
        Expression::If(a, b, c) => {
            patterns_in(a, out);
            patterns_in(b, out);
            patterns_in(c, out);
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            for a in list {
                patterns_in(a, out);
            }
        }
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_) => {}
    }
}
