"""search nodes: each index's position in the change events, for pruning

Revision ID: 5e1d0c4a9b21
Revises: ebcee4c7a297
Create Date: 2026-11-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1d0c4a9b21'
down_revision = 'ebcee4c7a297'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_node',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('applied_seq', sa.Integer(), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_search_node'))
    )


def downgrade():
    op.drop_table('search_node')
