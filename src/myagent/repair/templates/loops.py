"""The loop-update template: a missing increment or update in a loop.

Around the suspicious line (the loop itself or a statement in its body):

- a `while` loop whose test reads a local that its body never updates gets `x += 1`
  or `x -= 1` at the end of the body (`x = x + 1` when the function writes updates
  that way); the direction the test suggests (`x < n`: up) comes first;
- a `continue` in a `while` body that skips the body's own update of a test variable
  (`i += 1`) gets a copy of that update before it;
  the update can also mirror the body's arithmetic (`x //= 10` for an `x % 10`) or
  use a parameter the loop does not read (`wait *= factor`);
- a `for` loop that never updates an accumulator initialised before it (`total = 0`,
  `found = []`) and read after or inside it gets `total += x` / `total += 1` /
  `found.append(x)` at the end of its body, `x` being the loop variable or a name
  the body assigns (`+= 1` first for a counter read only inside the loop).

The update goes after the last statement of the body, or before it when that is a
`return`, `raise`, `break` or `continue`.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from myagent.repair.templates.site import LineSite, Mutation, bindings

_TERMINAL = (cst.Return, cst.Raise, cst.Break, cst.Continue)
_UP = (cst.LessThan, cst.LessThanEqual)
_DOWN = (cst.GreaterThan, cst.GreaterThanEqual)
_NOT_THIS_LOOP = (cst.For, cst.While, cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.BaseComp)


def _updated(site: LineSite, body: cst.CSTNode) -> set[str]:
    """Names a loop body binds, or mutates through a method call."""
    found: set[str] = set()
    for node in site.scope_walk(body):
        found.update(name.value for name in bindings(node))
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and isinstance(node.func.value, cst.Name)
        ):
            found.add(node.func.value.value)
    return found


def _is_terminal(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and isinstance(
        statement.body[-1], _TERMINAL
    )


def _append_to_body(site: LineSite, block: cst.BaseSuite, code: str) -> Mutation | None:
    if not isinstance(block, cst.IndentedBlock):
        return None
    last = block.body[-1]
    return site.insert(last, code, after=not _is_terminal(last))


def _direction(site: LineSite, test: cst.BaseExpression, name: str) -> tuple[str, str]:
    """("+=", "-=") when the test bounds `name` from above, else the reverse."""
    for node in site.walk(test):
        if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
            operator = node.comparisons[0].operator
            left = isinstance(node.left, cst.Name) and node.left.value == name
            if (left and isinstance(operator, _DOWN)) or (not left and isinstance(operator, _UP)):
                return ("-=", "+=")
    return ("+=", "-=")


def _long_form(site: LineSite) -> bool:
    """Whether the function writes updates as `x = x + 1` rather than `x += 1`."""
    if site.function is None:
        return False
    augmented = long = 0
    for node in site.scope_walk(site.function.body):
        if isinstance(node, cst.AugAssign):
            augmented += 1
        elif isinstance(node, cst.Assign) and isinstance(node.value, cst.BinaryOperation):
            target, left = node.targets[0].target, node.value.left
            if isinstance(target, cst.Name) and isinstance(left, cst.Name):
                long += target.value == left.value
    return long > augmented


def _loop_walk(site: LineSite, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The nodes of a loop body that belong to this loop: not entering nested loops,
    functions, classes, lambdas or comprehensions."""
    yield node
    for child in site.file.children(node):
        if not isinstance(child, _NOT_THIS_LOOP):
            yield from _loop_walk(site, child)


def _while_updates(site: LineSite, loop: cst.While) -> Iterator[Mutation]:
    updated = _updated(site, loop.body)
    names = dict.fromkeys(n.value for n in site.loaded_names([loop.test]))
    long = _long_form(site)
    unused = _outside(site, loop)
    for name in names:
        if name in updated:
            continue
        codes = [
            f"{name} = {name} {operator[0]} 1" if long else f"{name} {operator} 1"
            for operator in _direction(site, loop.test, name)
        ]
        codes += _arithmetic_updates(site, loop.body, name)
        codes += [f"{name} {operator} {other}" for other in unused for operator in ("*=", "+=")]
        for code in dict.fromkeys(codes):
            mutation = _append_to_body(site, loop.body, code + "\n")
            if mutation is not None:
                yield mutation


def _arithmetic_updates(site: LineSite, body: cst.CSTNode, name: str) -> list[str]:
    """`x //= k` for an `x % k` in the body, `x >>= k` for an `x & k` or `x >> k`."""
    found: list[str] = []
    for node in _loop_walk(site, body):
        if (
            isinstance(node, cst.BinaryOperation)
            and isinstance(node.left, cst.Name)
            and node.left.value == name
        ):
            right = site.file.code(node.right).strip()
            if isinstance(node.operator, cst.Modulo):
                found.append(f"{name} //= {right}")
            elif isinstance(node.operator, cst.RightShift | cst.BitAnd):
                found.append(
                    f"{name} >>= {right if isinstance(node.operator, cst.RightShift) else 1}"
                )
    return found


def _outside(site: LineSite, loop: cst.While) -> list[str]:
    """Parameters the loop does not read (candidate steps: `wait *= factor`)."""
    inside = {n.value for n in site.walk(loop) if isinstance(n, cst.Name)}
    return [name for name in site.parameters if name not in inside]


def _continue_updates(site: LineSite, loop: cst.While) -> Iterator[Mutation]:
    """Copy the body's own update of a test variable before a `continue` that skips it."""
    if not isinstance(loop.body, cst.IndentedBlock):
        return
    names = {n.value for n in site.loaded_names([loop.test])}
    updates: dict[str, str] = {}
    for statement in loop.body.body:
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            for name in bindings_of(statement.body[0]):
                if name in names:
                    updates.setdefault(name, site.file.code(statement.body[0]).strip())
    for node in _loop_walk(site, loop.body):
        if not isinstance(node, cst.SimpleStatementLine) or not isinstance(
            node.body[-1], cst.Continue
        ):
            continue
        block = site.file.parent(node)
        if not isinstance(block, cst.IndentedBlock) or block is loop.body:
            continue
        before = block.body[: block.body.index(node)]
        bound = {b for s in before for n in site.walk(s) for b in bindings_of(n)}
        for name, code in updates.items():
            if name not in bound:
                yield site.insert(node, code + "\n")


def bindings_of(node: cst.CSTNode) -> list[str]:
    """Names bound by `node` itself (an assignment's targets, an augmented target)."""
    if isinstance(node, cst.Assign):
        return [n.value for target in node.targets for n in bindings(target)]
    return [n.value for n in bindings(node)]


def _for_accumulators(site: LineSite, loop: cst.For) -> Iterator[Mutation]:
    if site.function is None or not isinstance(loop.target, cst.Name):
        return
    updated = _updated(site, loop.body)
    items = [loop.target.value]
    if isinstance(loop.body, cst.IndentedBlock):
        for statement in loop.body.body:
            if isinstance(statement, cst.SimpleStatementLine):
                items += [n for small in statement.body for n in bindings_of(small)]
    start, end = site.file.first_line(loop), site.file.last_line(loop)
    read_after: set[str] = set()
    read_inside: set[str] = set()
    for n in site.scope_walk(site.function.body):
        if isinstance(n, cst.Name) and site.name_role(n) == "load":
            line = site.file.first_line(n)
            if line > end:
                read_after.add(n.value)
            elif line > start:
                read_inside.add(n.value)
    for node in site.scope_walk(site.function.body):
        if not isinstance(node, cst.Assign) or site.file.first_line(node) >= start:
            continue
        target = node.targets[0].target
        if len(node.targets) != 1 or not isinstance(target, cst.Name):
            continue
        name = target.value
        if name in updated or (name not in read_after and name not in read_inside):
            continue
        codes = [code for item in items for code in _accumulate(node.value, name, item)]
        if name not in read_after:  # a counter read inside the loop, not a result
            codes = sorted(codes, key=lambda code: not code.endswith("+= 1"))
        for code in dict.fromkeys(codes):
            mutation = _append_to_body(site, loop.body, code + "\n")
            if mutation is not None:
                yield mutation


def _accumulate(initial: cst.BaseExpression, name: str, item: str) -> list[str]:
    if isinstance(initial, cst.Integer | cst.Float):
        return [f"{name} += {item}", f"{name} += 1"]
    if isinstance(initial, cst.Name):  # `number = start`: a counter of unknown type
        return [f"{name} += 1"]
    if isinstance(initial, cst.SimpleString):
        return [f"{name} += {item}"]
    if isinstance(initial, cst.List) and not initial.elements:
        return [f"{name}.append({item})"]
    return []


def loop_update(site: LineSite) -> Iterator[Mutation]:
    """Insert a missing update of a loop variable or accumulator."""
    loop = site.enclosing((cst.While, cst.For))
    if isinstance(loop, cst.While):
        yield from _while_updates(site, loop)
        yield from _continue_updates(site, loop)
    elif isinstance(loop, cst.For):
        yield from _for_accumulators(site, loop)
