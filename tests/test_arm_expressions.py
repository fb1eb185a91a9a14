"""Static evaluation of ARM template expressions."""

import pytest

from migrate.sources.inventory.arm_expressions import Scope, Unresolvable, evaluate


@pytest.fixture
def scope():
    return Scope(
        parameters={"prefix": {"type": "string", "defaultValue": "hdh"},
                    "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
                    "count": {"type": "int", "defaultValue": 3},
                    "noDefault": {"type": "string"}},
        variables={"vmName": "[concat(parameters('prefix'), '-vm')]",
                   "sizes": {"small": "Standard_D2s_v5"},
                   "loop": "[variables('loop')]"},
        resource_group="rg-data", location="francecentral", subscription="sub-1")


@pytest.mark.parametrize("expr,expected", [
    ("[parameters('prefix')]", "hdh"),
    ("[parameters('location')]", "francecentral"),
    ("[variables('vmName')]", "hdh-vm"),
    ("[variables('sizes').small]", "Standard_D2s_v5"),
    ("[variables('sizes')['small']]", "Standard_D2s_v5"),
    ("[format('{0}-{1}', parameters('prefix'), 7)]", "hdh-7"),
    ("[toLower('ABC')]", "abc"),
    ("[concat('a', 'b', 'c')]", "abc"),
    ("[resourceGroup().name]", "rg-data"),
    ("[resourceId('Microsoft.Sql/servers/databases', 'srv', 'db1')]",
     "/subscriptions/sub-1/resourceGroups/rg-data/providers/Microsoft.Sql/servers/srv/databases/db1"),
    ("[if(equals(parameters('count'), 3), 'three', reference('x').y)]", "three"),
    ("[add(parameters('count'), 2)]", 5),
    ("[length(createArray(1, 2))]", 2),
    ("[string('it''s')]", "it's"),
    ("[[not an expression]", "[not an expression]"),
    ("plain", "plain"),
])
def test_evaluates(scope, expr, expected):
    assert evaluate(expr, scope) == expected


@pytest.mark.parametrize("expr", [
    "[reference('vm').outputs]",
    "[listKeys('st', '2023-01-01').keys[0].value]",
    "[uniqueString(resourceGroup().id)]",
    "[parameters('noDefault')]",
    "[parameters('missing')]",
    "[variables('loop')]",
    "[copyIndex()]",
    "[concat('a', ]",
    "[utcNow()]",
])
def test_unresolvable(scope, expr):
    with pytest.raises(Unresolvable):
        evaluate(expr, scope)


def test_copy_index(scope):
    inner = scope.child("vms", 2)
    assert evaluate("[concat('vm-', copyIndex(1))]", inner) == "vm-3"
    assert evaluate("[copyIndex('vms')]", inner) == 2
