"""The short form of every campaign, inside `make test`: each must find nothing wrong."""

import pytest

from tests.proof import campaigns


@pytest.mark.parametrize("name", campaigns.NAMES)
def test_the_short_campaign_finds_nothing(name):
    result = campaigns.run(name, long=False)
    assert result.cases > 0 and result.failures == [], "\n".join(result.failures[:20])
